using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Relais.Infrastructure.Email;

/// <summary>Where and how to connect: the organisation's settings with the password in clear, for one conversation.</summary>
public sealed record SmtpTarget(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password);

/// <summary>An SMTP failure, with a French message that the settings page can show as is.</summary>
public sealed class SmtpDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A minimal SMTP client (RFC 5321): EHLO, optional STARTTLS (RFC 3207) or TLS from the start (RFC 8314), AUTH PLAIN or
/// LOGIN (RFC 4954), one message to one recipient. System.Net.Mail.SmtpClient cannot do TLS from the start (port 465),
/// hence this; the message is 7-bit (base64 body), so no 8BITMIME/SMTPUTF8 is needed. Certificates are checked normally.
/// </summary>
public static class SmtpConversation
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task SendAsync(SmtpTarget target, string from, string to, string data, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var token = timeout.Token;
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(target.Host, target.Port, token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new SmtpDeliveryException($"Connexion impossible au serveur {target.Host}:{target.Port} ({e.Message}).", e);
        }

        Stream stream = tcp.GetStream();
        try
        {
            if (target.Security == SmtpSecurity.SslOnConnect)
            {
                stream = await TlsAsync(stream, target.Host, token);
            }

            await ExpectAsync(stream, 220, "accueil", token);
            var capabilities = await CommandAsync(stream, $"EHLO {HeloName()}", 250, token);
            if (target.Security == SmtpSecurity.StartTls)
            {
                if (!capabilities.Any(c => c.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new SmtpDeliveryException("Le serveur ne propose pas STARTTLS : choisissez une autre sécurité ou un autre port.");
                }

                await CommandAsync(stream, "STARTTLS", 220, token);
                stream = await TlsAsync(stream, target.Host, token);
                capabilities = await CommandAsync(stream, $"EHLO {HeloName()}", 250, token);
            }

            if (!string.IsNullOrEmpty(target.UserName))
            {
                var auth = capabilities.FirstOrDefault(c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase))?.ToUpperInvariant().Split(' ', '=') ?? [];
                var password = target.Password ?? "";
                if (auth.Contains("PLAIN"))
                {
                    await CommandAsync(stream, "AUTH PLAIN " + Base64($"\0{target.UserName}\0{password}"), 235, token, secret: true);
                }
                else
                {
                    await CommandAsync(stream, "AUTH LOGIN", 334, token);
                    await CommandAsync(stream, Base64(target.UserName), 334, token, secret: true);
                    await CommandAsync(stream, Base64(password), 235, token, secret: true);
                }
            }

            await CommandAsync(stream, $"MAIL FROM:<{from}>", 250, token);
            await CommandAsync(stream, $"RCPT TO:<{to}>", 250, token, alsoOk: 251);
            await CommandAsync(stream, "DATA", 354, token);
            var payload = new StringBuilder();
            foreach (var line in data.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                payload.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n");
            }

            payload.Append(".\r\n");
            await WriteAsync(stream, payload.ToString(), token);
            await ExpectAsync(stream, 250, "fin du message", token);
            try
            {
                await CommandAsync(stream, "QUIT", 221, token);
            }
            catch (Exception e) when (e is SmtpDeliveryException or IOException)
            {
                // The message is accepted; a rude goodbye changes nothing.
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SmtpDeliveryException($"Le serveur {target.Host}:{target.Port} ne répond pas (délai de {Timeout.TotalSeconds:0} secondes dépassé).");
        }
        catch (IOException e)
        {
            throw new SmtpDeliveryException($"La connexion avec le serveur {target.Host}:{target.Port} a été coupée ({e.Message}).", e);
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            throw new SmtpDeliveryException($"La connexion chiffrée avec {target.Host} a échoué (certificat refusé ou protocole non pris en charge : {e.Message}).", e);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static string HeloName()
    {
        var name = System.Net.Dns.GetHostName();
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && name.Length > 0 ? name : "relais.localdomain";
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<Stream> TlsAsync(Stream inner, string host, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct);
        return ssl;
    }

    private static async Task<List<string>> CommandAsync(Stream stream, string command, int expected, CancellationToken ct, bool secret = false, int alsoOk = 0)
    {
        await WriteAsync(stream, command + "\r\n", ct);
        return await ExpectAsync(stream, expected, secret ? "authentification" : command.Split(' ', ':')[0], ct, alsoOk);
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    /// <summary>Reads a reply (possibly multi-line "250-…"), returns the text of its lines; throws unless the code is expected.</summary>
    private static async Task<List<string>> ExpectAsync(Stream stream, int expected, string step, CancellationToken ct, int alsoOk = 0)
    {
        var lines = new List<string>();
        int code;
        while (true)
        {
            var line = await ReadLineAsync(stream, ct);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out code))
            {
                throw new SmtpDeliveryException($"Réponse incompréhensible du serveur SMTP ({step}) : {Shorten(line)}");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] != '-')
            {
                break;
            }
        }

        if (code != expected && (alsoOk == 0 || code != alsoOk))
        {
            var meaning = code switch
            {
                535 => " — identifiant ou mot de passe refusé",
                530 => " — authentification requise",
                550 or 553 => " — adresse refusée",
                421 or 450 or 451 or 452 => " — erreur temporaire, nouvel essai plus tard",
                _ => "",
            };
            throw new SmtpDeliveryException($"Le serveur SMTP a répondu {code} à l’étape « {step} »{meaning} : {Shorten(string.Join(" ", lines))}");
        }

        return lines;
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        // Byte by byte: nothing is buffered past the line, so that STARTTLS can take over the stream.
        var bytes = new List<byte>(128);
        var one = new byte[1];
        while (bytes.Count < 4096)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("connexion fermée par le serveur");
            }

            if (one[0] == '\n')
            {
                break;
            }

            if (one[0] != '\r')
            {
                bytes.Add(one[0]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
