import type { Metadata } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { connection } from "next/server";
import { Toaster } from "sonner";
import { ZodWithoutEval } from "@/components/console/zod-without-eval";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Billbridge", template: "%s · Billbridge" },
  description: "ConnectWise PSA billing integration for your managed organizations",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so that Next.js can put this request's CSP nonce on its scripts.
  await connection();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        {children}
        <ZodWithoutEval />
        <Toaster richColors position="bottom-right" />
      </body>
    </html>
  );
}
