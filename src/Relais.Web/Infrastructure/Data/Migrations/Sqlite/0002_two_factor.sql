-- Second factor: an organisation can require it for roles that read social data,
-- and each TOTP code is accepted once (the last accepted time step is kept per user).
ALTER TABLE "Organisations" ADD "RequireTwoFactorForSocialRoles" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AspNetUsers" ADD "LastTotpTimeStep" INTEGER NOT NULL DEFAULT 0;
