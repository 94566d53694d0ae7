using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Relais.Features.Users;

namespace Relais.Features.Account;

/// <summary>
/// Time-based one-time passwords as authenticator apps compute them (RFC 6238 over RFC 4226):
/// 30-second steps counted from the Unix epoch, HMAC-SHA1, 6 digits. SHA-1 is what the RFC and every
/// authenticator app use by default; as an HMAC it is not affected by SHA-1 collisions.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>Steps accepted on each side of the current one, for clock drift and typing time.</summary>
    public const int Tolerance = 1;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code for <paramref name="step"/> (RFC 4226 dynamic truncation, modulo 10^6).</summary>
    public static int Compute(ReadOnlySpan<byte> key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7FFF_FFFF;
        return binary % 1_000_000;
    }

    /// <summary>Reads what the user typed: 6 digits, spaces and dashes ignored ("123 456").</summary>
    public static bool TryParseCode(string? input, out int code)
    {
        code = 0;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var digits = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-' or '\u00A0' or '\u202F')
            {
                continue;
            }

            if (c is < '0' or > '9' || ++digits > Digits)
            {
                return false;
            }

            code = code * 10 + (c - '0');
        }

        return digits == Digits;
    }

    /// <summary>
    /// The step in [now − tolerance, now + tolerance] whose code is <paramref name="code"/> and which is
    /// later than <paramref name="lastAccepted"/>; null when there is none (wrong, expired or already used).
    /// </summary>
    public static long? MatchStep(ReadOnlySpan<byte> key, int code, long now, long lastAccepted)
    {
        long? match = null;
        for (var step = now - Tolerance; step <= now + Tolerance; step++)
        {
            // Every step is computed (no early exit), so the time taken does not depend on the code.
            var expected = Compute(key, step);
            if (match is null && step > lastAccepted && expected == code)
            {
                match = step;
            }
        }

        return match;
    }

    /// <summary>The otpauth:// URI that authenticator apps read (Google "Key Uri Format").</summary>
    public static string AuthenticatorUri(string issuer, string account, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={base32Key}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}

/// <summary>RFC 4648 base 32 (A–Z, 2–7), the encoding of authenticator keys.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '=')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw));
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        bytes = [.. output];
        return bytes.Length > 0;
    }

    /// <summary>"ABCDEFGH…" as "ABCD EFGH …", easier to copy by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', key.Replace(" ", "").ToUpperInvariant().Chunk(4).Select(c => new string(c)));
}

/// <summary>
/// Replaces Identity's <c>AuthenticatorTokenProvider</c> (registered under
/// <see cref="TokenOptions.DefaultAuthenticatorProvider"/>, so that <c>SignInManager.TwoFactorAuthenticatorSignInAsync</c>,
/// enrolment and deactivation all go through it). Same algorithm, plus: a code is accepted once. The accepted
/// step is stored in <see cref="AppUser.LastTotpTimeStep"/> and any code of that step or an earlier one is refused.
/// Concurrency: the step is saved with <see cref="UserManager{TUser}.UpdateAsync"/>, whose UPDATE is conditioned on
/// the user's <c>ConcurrencyStamp</c>; of two requests that replay the same code at the same time, one saves and the
/// other gets a concurrency failure, which counts as a refusal.
/// </summary>
public sealed class TotpAuthenticatorProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    /// <summary>The authenticator app computes the codes: nothing is sent.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        if (!Totp.TryParseCode(token, out var code) || !Base32.TryDecode(await manager.GetAuthenticatorKeyAsync(user), out var key))
        {
            return false;
        }

        var step = Totp.MatchStep(key, code, Totp.StepAt(clock.GetUtcNow()), user.LastTotpTimeStep);
        if (step is null)
        {
            return false;
        }

        user.LastTotpTimeStep = step.Value;
        var saved = await manager.UpdateAsync(user);
        return saved.Succeeded;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
}
