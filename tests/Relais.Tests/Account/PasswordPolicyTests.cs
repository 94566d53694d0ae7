using System.Buffers.Binary;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Relais.Features.Users;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Security;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Account;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Abcdefgh12!x", "12 characters, four kinds")]
    [InlineData("Abcdefghij1234", "14 characters, three kinds (no special character)")]
    [InlineData("le chat dort sur le vieux canapé", "passphrase of seven words")]
    public void Cnil_rule_accepts(string password, string why)
    {
        var result = CnilPasswordValidator.Validate(password, "agent@bailleur.fr");
        Assert.True(result.Succeeded, $"{why}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }

    [Theory]
    [InlineData("Abcdefgh12!", "11 characters, four kinds")]
    [InlineData("Abcdefghij123", "13 characters, three kinds")]
    [InlineData("abcdefghijklmnopqrst", "20 characters, one kind")]
    [InlineData("le chat dort sur le canapé", "passphrase of six words")]
    public void Cnil_rule_refuses_weak_passwords_in_french(string password, string why)
    {
        var result = CnilPasswordValidator.Validate(password, "agent@bailleur.fr");
        Assert.False(result.Succeeded, why);
        Assert.Equal("Mot de passe trop faible. " + CnilPasswordValidator.Rule, Assert.Single(result.Errors).Description);
    }

    [Fact]
    public void Cnil_rule_refuses_a_password_containing_the_email_name()
    {
        const string password = "Jean.Dupont-2026!";
        Assert.True(CnilPasswordValidator.Validate(password, "someone@bailleur.fr").Succeeded, "strong enough on its own");

        var result = CnilPasswordValidator.Validate(password, "jean.dupont@bailleur.fr");

        Assert.False(result.Succeeded);
        Assert.Contains("identifiant", Assert.Single(result.Errors).Description);
    }

    [SkippableTheory, ClassData(typeof(Providers))]
    public async Task Registered_hasher_uses_pbkdf2_sha512_with_at_least_220000_iterations(DatabaseProvider provider)
    {
        var app = await TestApp.GetAsync(provider);
        var hasher = app.Services.GetRequiredService<IPasswordHasher<AppUser>>();
        var user = new AppUser();

        var hash = hasher.HashPassword(user, "Un-mot-de-passe-2026");

        AssertIdentityV3Sha512(hash);
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "Un-mot-de-passe-2026"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, "Un-mot-de-passe-2027"));
    }

    /// <summary>Identity V3 layout: 0x01, PRF (uint32 big-endian), iteration count (uint32 big-endian), salt length, salt, subkey.</summary>
    internal static void AssertIdentityV3Sha512(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal((uint)KeyDerivationPrf.HMACSHA512, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) >= 220_000, "iteration count below 220,000");
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4));
        Assert.True(saltLength >= 16, "salt shorter than 128 bits");
        Assert.True(bytes.Length - 13 - saltLength >= 32, "subkey shorter than 256 bits");
    }
}
