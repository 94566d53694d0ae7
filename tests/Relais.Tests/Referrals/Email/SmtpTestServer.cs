using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Relais.Tests.Referrals.Email;

/// <summary>
/// A tiny SMTP server on the loopback for tests (RFC 5321 subset): EHLO/HELO, AUTH LOGIN and AUTH PLAIN, MAIL FROM,
/// RCPT TO, DATA (dot-unstuffed), RSET, NOOP, QUIT; with a <see cref="Certificate"/>, STARTTLS (RFC 3207) or TLS from the
/// start (<see cref="TlsOnConnect"/>). It records what it received.
/// </summary>
internal sealed partial class SmtpTestServer : IAsyncDisposable
{
    public sealed record Received(string From, IReadOnlyList<string> To, string Data, string? User)
    {
        /// <summary>The header's value, encoded-words (=?utf-8?B?…?=) decoded, folded lines joined.</summary>
        public string Header(string name)
        {
            var head = Data[..Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Replace("\r\n ", " ", StringComparison.Ordinal);
            var line = head.Split("\r\n").First(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))[(name.Length + 2)..];
            return EncodedWord().Replace(line.Replace("?= =?", "?==?", StringComparison.Ordinal), m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)));
        }

        /// <summary>The body, decoded when it is base64.</summary>
        public string Body
        {
            get
            {
                var split = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var body = Data[(split + 4)..];
                return Header("Content-Transfer-Encoding").Equals("base64", StringComparison.OrdinalIgnoreCase)
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)))
                    : body;
            }
        }
    }

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConcurrentQueue<Received> Messages { get; } = new();
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>When set, MAIL FROM is refused (530) until this user signed in with <see cref="Password"/>.</summary>
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>AUTH mechanisms advertised ("LOGIN PLAIN" by default).</summary>
    public string Mechanisms { get; init; } = "LOGIN PLAIN";

    /// <summary>When set, EHLO offers STARTTLS with this certificate (or, with <see cref="TlsOnConnect"/>, TLS starts at once).</summary>
    public X509Certificate2? Certificate { get; init; }

    public bool TlsOnConnect { get; init; }

    /// <summary>How many TLS handshakes a client started (whether or not the client then trusted the certificate).</summary>
    public int TlsHandshakes => _tlsHandshakes;

    private int _tlsHandshakes;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpTestServer(int port = 0, string? user = null, string? password = null, string mechanisms = "LOGIN PLAIN")
    {
        User = user;
        Password = password;
        Mechanisms = mechanisms;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _loop = AcceptAsync();
    }

    /// <summary>A port that nothing listens on (for "server down").</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async Task<Received> WaitForMessageAsync(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < until)
        {
            if (Messages.TryPeek(out var m))
            {
                return m;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The test SMTP server received no message. Commands: " + string.Join(" | ", Commands));
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        if (Certificate is not null && TlsOnConnect)
        {
            var secured = await TlsAsync(stream);
            if (secured is null)
            {
                return;
            }

            stream = secured;
        }

        var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        string? from = null;
        var to = new List<string>();
        string? user = null;
        try
        {
            await writer.WriteLineAsync("220 test.relais.local ESMTP prêt");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                Commands.Enqueue(line);
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-test.relais.local");
                        await writer.WriteLineAsync("250-8BITMIME");
                        if (Certificate is not null && !TlsOnConnect && stream is not SslStream)
                        {
                            await writer.WriteLineAsync("250-STARTTLS");
                        }

                        await writer.WriteLineAsync($"250 AUTH {Mechanisms}");
                        break;
                    case "STARTTLS" when Certificate is not null && stream is not SslStream:
                        await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                        if (await TlsAsync(stream) is not { } upgraded)
                        {
                            return;
                        }

                        // RFC 3207: the session starts over on the encrypted stream (nothing was read past STARTTLS).
                        stream = upgraded;
                        reader = new StreamReader(stream, Encoding.UTF8);
                        writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
                        from = null;
                        to.Clear();
                        user = null;
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 test.relais.local");
                        break;
                    case "AUTH" when line.ToUpperInvariant().StartsWith("AUTH LOGIN", StringComparison.Ordinal):
                        await writer.WriteLineAsync("334 VXNlcm5hbWU6");
                        var name = Decode(await reader.ReadLineAsync(_stop.Token));
                        await writer.WriteLineAsync("334 UGFzc3dvcmQ6");
                        var secret = Decode(await reader.ReadLineAsync(_stop.Token));
                        user = await AuthAsync(writer, name, secret);
                        break;
                    case "AUTH" when line.ToUpperInvariant().StartsWith("AUTH PLAIN ", StringComparison.Ordinal):
                        var parts = Decode(line[11..]).Split('\0');
                        user = await AuthAsync(writer, parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2));
                        break;
                    case "MAIL":
                        if (User is not null && user is null)
                        {
                            await writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        }

                        from = Angle(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        to.Add(Angle(line));
                        await writer.WriteLineAsync("250 2.1.5 Ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Messages.Enqueue(new Received(from ?? "", to.ToList(), data.ToString(), user));
                        await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                        break;
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 Ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognised");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            // The client hung up, or broke off TLS after the handshake (TLS 1.3: it checks the certificate last).
        }
    }

    private async Task<SslStream?> TlsAsync(Stream inner)
    {
        Interlocked.Increment(ref _tlsHandshakes);
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stop.Token);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            return null;
        }
    }

    private async Task<string?> AuthAsync(StreamWriter writer, string? name, string? secret)
    {
        if (User is not null && (name != User || secret != Password))
        {
            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
            return null;
        }

        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
        return name;
    }

    private static string Decode(string? base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64 ?? ""));

    private static string Angle(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
}
