using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Dom;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Account;

/// <summary>
/// What an authenticator app does, written independently of the app's code (RFC 6238: 30 s, SHA-1, 6 digits),
/// and the page steps of enrolment and of a two-step sign-in.
/// </summary>
internal static class AccountTestKit
{
    public static long CurrentStep() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    public static string Code(string base32Key, long step)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.Replace(" ", "").TrimEnd('=').ToUpperInvariant()
            .Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0xF;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6");
    }

    /// <summary>
    /// A code the server has not seen yet: the step after <paramref name="lastUsed"/> (or the current one), waiting
    /// for the clock when that step is more than one step ahead (the server accepts the current step ± 1).
    /// </summary>
    public static async Task<(string Code, long Step)> NextCodeAsync(string key, long lastUsed)
    {
        var step = Math.Max(lastUsed + 1, CurrentStep());
        while (step > CurrentStep() + 1)
        {
            await Task.Delay(250);
        }

        return (Code(key, step), step);
    }

    /// <summary>A 6-digit code that is wrong for every step the server accepts now.</summary>
    public static string WrongCode(string key)
    {
        var now = CurrentStep();
        var valid = new[] { now - 1, now, now + 1, now + 2 }.Select(s => Code(key, s)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{123450 + i}").First(c => !valid.Contains(c));
    }

    public sealed record Enrolment(string Key, long Step, IReadOnlyList<string> RecoveryCodes);

    /// <summary>Enrols the signed-in <paramref name="client"/> through the Manage page, as a person with a phone would.</summary>
    public static async Task<Enrolment> EnrolAsync(HttpClient client)
    {
        var page = (await (await client.GetAsync("/Account/Manage")).ShouldBe(HttpStatusCode.OK)).Html();
        var key = page.QuerySelector("#totp-key")?.TextContent.Trim() ?? throw new InvalidOperationException("No key shown:\n" + page.Body?.InnerHtml);
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key);
        key = key.Replace(" ", "");
        var link = ((IHtmlAnchorElement)page.QuerySelector("a#totp-uri")!).GetAttribute("href")!;
        Assert.StartsWith("otpauth://totp/Relais:", link);
        Assert.Contains($"secret={key}", link);
        Assert.Equal(link, page.QuerySelector("#totp-uri-text")!.TextContent.Trim());

        var step = CurrentStep();
        var response = await client.PostFormAsync("/Account/Manage?handler=Enable", new() { ["Code"] = Code(key, step) }, formPage: "/Account/Manage");
        var done = (await response.ShouldBe(HttpStatusCode.OK)).Html();
        var codes = done.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        return new Enrolment(key, step, codes);
    }

    /// <summary>Posts the password form; asserts it leads to the code step.</summary>
    public static async Task<HttpClient> PasswordStepAsync(TestApp app, string email)
    {
        var client = app.NewClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", response.Headers.Location!.OriginalString);
        return client;
    }

    /// <summary>Posts the password form; asserts it signs in directly, with no code step.</summary>
    public static async Task<HttpClient> PasswordOnlySignInAsync(TestApp app, string email)
    {
        var client = app.NewClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return client;
    }

    public static Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code) =>
        client.PostFormAsync("/Account/LoginWith2fa", new() { ["Code"] = code });

    public static Task<HttpResponseMessage> PostRecoveryCodeAsync(HttpClient client, string code) =>
        client.PostFormAsync("/Account/LoginWithRecoveryCode", new() { ["RecoveryCode"] = code });

    /// <summary>True when the client carries a valid sign-in cookie (the home page answers instead of redirecting to login).</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        var response = await client.GetAsync("/Account/Manage");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
