/** Who made a platform API write, as audit events record it (the token's name, never the token). */
export interface ApiActor {
  tokenId: string;
  tokenName: string;
}
