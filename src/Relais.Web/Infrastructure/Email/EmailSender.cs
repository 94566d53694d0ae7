using System.Globalization;
using System.Text;
using Relais.Infrastructure.Tenancy;

namespace Relais.Infrastructure.Email;

/// <summary>
/// A plain-text e-mail. Keep personal data out of it: e-mail is not a safe channel for social data.
/// <see cref="OrganisationId"/> says whose SMTP server sends it (when absent: the signed-in user's organisation).
/// </summary>
public sealed record EmailMessage(string To, string Subject, string TextBody)
{
    public Guid? OrganisationId { get; init; }
}

/// <summary>
/// Sends e-mail. The implementation is <see cref="OutboxEmailSender"/>: an organisation with an SMTP server configured
/// (Administration › Courriel) gets its messages queued in the database and delivered by <see cref="SmtpDeliveryService"/>
/// with retries; an organisation without one, the demo, and messages of no organisation are written as .eml files in
/// <c>{Database:DataFolder}/outbox/</c>.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public static class EmailSetup
{
    public static IServiceCollection AddRelaisEmail(this IServiceCollection services)
    {
        services.AddSingleton<SmtpPasswordProtector>();
        services.AddSingleton<SmtpOutbox>();
        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<OutboxEmailSender>());
        services.AddHostedService<SmtpDeliveryService>();
        return services;
    }
}

/// <summary>
/// The outbox. A message of an organisation with an SMTP server is queued for delivery (<see cref="SmtpOutbox"/>);
/// otherwise (no SMTP server, demo mode <c>Relais:Demo</c>, no organisation) it is written as an RFC 5322 text file
/// (UTF-8, 8bit body, CRLF line ends) in <c>{Database:DataFolder}/outbox/</c>, named so that they sort by time. Files are
/// written under a temporary name then renamed, so that a reader never sees half a message.
/// </summary>
public sealed class OutboxEmailSender(IConfiguration config, TimeProvider clock, ILogger<OutboxEmailSender> logger, SmtpOutbox smtp, IHttpContextAccessor http)
    : IEmailSender
{
    public string Folder { get; } = Path.Combine(config["Database:DataFolder"] ?? "data", "outbox");

    private readonly string _from = config["Email:From"] ?? "Relais <ne-pas-repondre@relais.invalid>";
    private readonly bool _demo = config.GetValue("Relais:Demo", false);

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var organisation = message.OrganisationId
            ?? (Guid.TryParse(http.HttpContext?.User.FindFirst(RelaisClaims.Organisation)?.Value, out var signedIn) ? signedIn : null);
        if (!_demo && organisation is { } o && await smtp.TryEnqueueAsync(o, message, ct))
        {
            logger.LogInformation("E-mail queued for SMTP delivery");
            return;
        }

        await WriteFileAsync(message, ct);
    }

    /// <summary>Writes the message as a .eml file in <see cref="Folder"/>.</summary>
    public async Task WriteFileAsync(EmailMessage message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var text = Format(message, _from, now, id);
        Directory.CreateDirectory(Folder);
        var name = $"{now:yyyyMMdd-HHmmss-fff}-{id:N}.eml";
        var temporary = Path.Combine(Folder, name + ".tmp");
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct);
        File.Move(temporary, Path.Combine(Folder, name));
        // The recipient is not logged: the file itself is the record.
        logger.LogInformation("E-mail written to the outbox as {File}", name);
    }

    /// <summary>The message as RFC 5322 text. Non-ASCII subjects are RFC 2047 encoded-words; the body is UTF-8.</summary>
    /// <param name="base64Body">For SMTP: a 7-bit message (base64 body), which every server accepts.</param>
    public static string Format(EmailMessage message, string from, DateTimeOffset date, Guid id, bool base64Body = false)
    {
        RefuseLineBreaks(message.To, nameof(message.To));
        RefuseLineBreaks(from, nameof(from));
        var domain = from.Split('@').LastOrDefault()?.TrimEnd('>', ' ') is { Length: > 0 } d ? d : "relais.invalid";
        var b = new StringBuilder();
        b.Append("From: ").Append(from).Append("\r\n");
        b.Append("To: ").Append(message.To).Append("\r\n");
        b.Append("Subject: ").Append(EncodeHeader(message.Subject)).Append("\r\n");
        b.Append("Date: ").Append(date.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        b.Append("Message-ID: <").Append(id.ToString("N")).Append('@').Append(domain).Append(">\r\n");
        b.Append("MIME-Version: 1.0\r\n");
        b.Append("Content-Type: text/plain; charset=utf-8\r\n");
        if (base64Body)
        {
            b.Append("Content-Transfer-Encoding: base64\r\n");
            b.Append("\r\n");
            var normalised = string.Join("\r\n", message.TextBody.ReplaceLineEndings("\n").Split('\n'));
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(normalised + "\r\n"));
            for (var i = 0; i < encoded.Length; i += 76)
            {
                b.Append(encoded.AsSpan(i, Math.Min(76, encoded.Length - i))).Append("\r\n");
            }

            return b.ToString();
        }

        b.Append("Content-Transfer-Encoding: 8bit\r\n");
        b.Append("\r\n");
        foreach (var line in message.TextBody.ReplaceLineEndings("\n").Split('\n'))
        {
            if (Encoding.UTF8.GetByteCount(line) > 998)
            {
                throw new ArgumentException("A body line is longer than the 998 octets RFC 5322 allows.", nameof(message));
            }

            b.Append(line).Append("\r\n");
        }

        return b.ToString();
    }

    /// <summary>ASCII text as is; otherwise "=?utf-8?B?...?=" words of at most 75 characters, folded.</summary>
    public static string EncodeHeader(string value)
    {
        RefuseLineBreaks(value, "header");
        if (value.All(c => c is >= ' ' and <= '~'))
        {
            return value;
        }

        var words = new List<string>();
        var chunk = new StringBuilder();
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            // 45 octets of UTF-8 give 60 characters of base64: with "=?utf-8?B?" and "?=" a word stays under 75.
            if (Encoding.UTF8.GetByteCount(chunk + element) > 45)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(element);
        }

        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return string.Join("\r\n ", words);

        static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
    }

    private static void RefuseLineBreaks(string value, string what)
    {
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"The {what} of an e-mail cannot contain control characters.", what);
        }
    }
}
