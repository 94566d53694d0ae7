using Relais.Infrastructure.Email;
using Relais.Tests.Infrastructure;

namespace Relais.Tests.Referrals.Email;

/// <summary>
/// The SMTP client's TLS: it asks for STARTTLS before anything else, refuses to go on in clear when the server does not
/// offer it, and checks the server's certificate (here a self-signed one, which no machine trusts), so that neither the
/// account's password nor a message goes to a server it could not verify. A delivery over TLS that succeeds needs a
/// certificate the machine trusts, which these tests do not install.
/// </summary>
public sealed class SmtpTlsTests
{
    private const string Message = "Subject: essai\r\n\r\nBonjour\r\n";

    private static SmtpTarget Target(int port, SmtpSecurity security) =>
        new("127.0.0.1", port, security, "relais@bailleur.test", "S3cret-smtp-Ø");

    [Fact]
    public async Task Starttls_comes_first_and_an_untrusted_certificate_ends_the_conversation_before_the_password()
    {
        await using var server = new SmtpTestServer { Certificate = TestApp.LoopbackCertificate() };
        var error = await Assert.ThrowsAsync<SmtpDeliveryException>(() =>
            SmtpConversation.SendAsync(Target(server.Port, SmtpSecurity.StartTls), "ne-pas-repondre@bailleur.test", "camille@bailleur.test", Message, CancellationToken.None));

        Assert.StartsWith("La connexion chiffrée avec 127.0.0.1 a échoué (certificat refusé", error.Message);
        Assert.Equal(["EHLO", "STARTTLS"], server.Commands.Select(c => c.Split(' ')[0]));
        Assert.Equal(1, server.TlsHandshakes); // TLS was started, and the client broke off once it saw the certificate
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Without_starttls_on_offer_the_client_stops_rather_than_send_in_clear()
    {
        await using var server = new SmtpTestServer(user: "relais@bailleur.test", password: "S3cret-smtp-Ø");
        var error = await Assert.ThrowsAsync<SmtpDeliveryException>(() =>
            SmtpConversation.SendAsync(Target(server.Port, SmtpSecurity.StartTls), "ne-pas-repondre@bailleur.test", "camille@bailleur.test", Message, CancellationToken.None));

        Assert.Equal("Le serveur ne propose pas STARTTLS : choisissez une autre sécurité ou un autre port.", error.Message);
        Assert.Equal(["EHLO"], server.Commands.Select(c => c.Split(' ')[0]));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Tls_on_connect_with_an_untrusted_certificate_is_refused_before_any_command()
    {
        await using var server = new SmtpTestServer { Certificate = TestApp.LoopbackCertificate(), TlsOnConnect = true };
        var error = await Assert.ThrowsAsync<SmtpDeliveryException>(() =>
            SmtpConversation.SendAsync(Target(server.Port, SmtpSecurity.SslOnConnect), "ne-pas-repondre@bailleur.test", "camille@bailleur.test", Message, CancellationToken.None));

        Assert.StartsWith("La connexion chiffrée avec 127.0.0.1 a échoué (certificat refusé", error.Message);
        Assert.Empty(server.Commands);
        Assert.Equal(1, server.TlsHandshakes);
    }
}
