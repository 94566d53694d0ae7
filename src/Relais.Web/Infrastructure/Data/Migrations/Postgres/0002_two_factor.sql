-- Second factor: an organisation can require it for roles that read social data,
-- and each TOTP code is accepted once (the last accepted time step is kept per user).
ALTER TABLE "Organisations" ADD "RequireTwoFactorForSocialRoles" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "AspNetUsers" ADD "LastTotpTimeStep" bigint NOT NULL DEFAULT 0;
