// Secrets every test process needs, fixed so runs are repeatable; never used outside tests.
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret-0123456789";
process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
process.env.APP_ENCRYPTION_KEY_VERSION ??= "1";
