using System.Globalization;
using System.Text;

namespace Relais.Infrastructure.Email;

/// <summary>A plain-text e-mail. Keep personal data out of it: e-mail is not a safe channel for social data.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>
/// Sends e-mail. Relais ships only <see cref="OutboxEmailSender"/>, which writes each message as a .eml file
/// (demo, development, tests, or an installation whose mail relay picks files up from a folder).
/// A real SMTP sender plugs in here: implement this interface (for instance over MailKit, or
/// System.Net.Mail.SmtpClient towards a local relay) and register it instead of the outbox in
/// <see cref="EmailSetup.AddRelaisEmail"/> when <c>Email:Smtp:Host</c> is configured.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public static class EmailSetup
{
    public static IServiceCollection AddRelaisEmail(this IServiceCollection services)
    {
        // Where an SMTP implementation would be chosen from configuration (see IEmailSender).
        services.AddSingleton<IEmailSender, OutboxEmailSender>();
        return services;
    }
}

/// <summary>
/// Writes each message as an RFC 5322 text file (UTF-8, 8bit body, CRLF line ends) in
/// <c>{Database:DataFolder}/outbox/</c>, named so that they sort by time. Files are written under a
/// temporary name then renamed, so that a reader never sees half a message.
/// </summary>
public sealed class OutboxEmailSender(IConfiguration config, TimeProvider clock, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public string Folder { get; } = Path.Combine(config["Database:DataFolder"] ?? "data", "outbox");

    private readonly string _from = config["Email:From"] ?? "Relais <ne-pas-repondre@relais.invalid>";

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
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
    public static string Format(EmailMessage message, string from, DateTimeOffset date, Guid id)
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
