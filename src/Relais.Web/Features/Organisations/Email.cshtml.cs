using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Email;
using Relais.Infrastructure.Tenancy;

namespace Relais.Features.Organisations;

/// <summary>
/// The organisation's SMTP server (Administration › Courriel): host, port, security, user name, password (stored
/// encrypted, never shown back, left empty to keep it), sender; a test message sent at once to check the settings; the
/// state of the outbox. Without a host, messages are written as .eml files in the outbox folder.
/// </summary>
public sealed class EmailSettingsModel(RelaisDbContext db, SmtpOutbox outbox, SmtpPasswordProtector passwords, CurrentUser me, IConfiguration config)
    : PageModel
{
    public sealed class EmailInput
    {
        public string? Host { get; set; }
        public string? Port { get; set; }
        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public bool ForgetPassword { get; set; }
        public string? FromAddress { get; set; }
        public string? FromName { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public EmailInput Input { get; set; } = new();
    [BindProperty] public string? TestTo { get; set; }

    public bool HasPassword { get; private set; }
    public bool Conflict { get; private set; }
    public bool Demo => config.GetValue("Relais:Demo", false);
    public (int Pending, int Failed, int Sent, string? LastError) Queue { get; private set; }
    [TempData] public string? Notice { get; set; }
    public string? TestResult { get; private set; }
    public bool TestFailed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var current = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        Input = current is null
            ? new EmailInput { Port = "587", FromName = await OrganisationNameAsync(ct) }
            : new EmailInput
            {
                Host = current.Host, Port = current.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Security = current.Security,
                UserName = current.UserName, FromAddress = current.FromAddress, FromName = current.FromName, Version = current.Version,
            };
        HasPassword = current?.ProtectedPassword is not null;
        TestTo = await MyEmailAsync(ct);
        await LoadQueueAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var current = await db.EmailSettings.FirstOrDefaultAsync(ct);
        HasPassword = current?.ProtectedPassword is not null;
        var host = Input.Host?.Trim() ?? "";
        var port = 0;
        if (host.Length > 0)
        {
            if (host.Length > 253 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or ':' or '@'))
            {
                ModelState.AddModelError("Input.Host", "Le serveur doit être un nom d’hôte ou une adresse IP, sans « smtp:// » ni port (par exemple smtp.bailleur.fr).");
            }

            if (!int.TryParse(Input.Port, out port) || port is < 1 or > 65535)
            {
                ModelState.AddModelError("Input.Port", "Le port doit être un nombre entre 1 et 65535 (587 pour STARTTLS, 465 pour SSL/TLS).");
            }

            if (!Enum.IsDefined(Input.Security))
            {
                ModelState.AddModelError("Input.Security", "Choisissez la sécurité de la connexion.");
            }

            if (string.IsNullOrWhiteSpace(Input.FromAddress))
            {
                ModelState.AddModelError("Input.FromAddress", "Indiquez l’adresse d’expédition (par exemple ne-pas-repondre@bailleur.fr).");
            }
            else if (!ValidAddress(Input.FromAddress.Trim()))
            {
                ModelState.AddModelError("Input.FromAddress", "L’adresse d’expédition n’est pas une adresse électronique valide.");
            }

            var keepsPassword = HasPassword && !Input.ForgetPassword;
            if (!string.IsNullOrWhiteSpace(Input.UserName) && string.IsNullOrEmpty(Input.Password) && !keepsPassword)
            {
                ModelState.AddModelError("Input.Password", "Indiquez le mot de passe de ce compte SMTP.");
            }
        }

        if ((Input.UserName?.Trim().Length ?? 0) > 254)
        {
            ModelState.AddModelError("Input.UserName", "L’identifiant ne peut pas dépasser 254 caractères.");
        }

        if ((Input.FromName?.Trim().Length ?? 0) > 160)
        {
            ModelState.AddModelError("Input.FromName", "Le nom d’expéditeur ne peut pas dépasser 160 caractères.");
        }

        if (!ModelState.IsValid)
        {
            Input.Password = null;
            await LoadQueueAsync(ct);
            return Page();
        }

        var settings = current ?? new EmailSettings();
        if (current is null)
        {
            db.EmailSettings.Add(settings);
        }
        else
        {
            db.Entry(current).Property(s => s.Version).OriginalValue = Input.Version;
        }

        settings.Host = host;
        settings.Port = host.Length > 0 ? port : settings.Port;
        settings.Security = Input.Security;
        settings.UserName = string.IsNullOrWhiteSpace(Input.UserName) ? null : Input.UserName.Trim();
        settings.FromAddress = Input.FromAddress?.Trim() ?? "";
        settings.FromName = string.IsNullOrWhiteSpace(Input.FromName) ? null : Input.FromName.Trim();
        if (!string.IsNullOrEmpty(Input.Password))
        {
            settings.ProtectedPassword = passwords.Protect(Input.Password);
        }
        else if (Input.ForgetPassword || settings.UserName is null)
        {
            settings.ProtectedPassword = null;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Changed (or created: unique per organisation) by someone else meanwhile: keep the input, show the current version.
            db.ChangeTracker.Clear();
            var now = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
            if (now is null)
            {
                throw;
            }

            Conflict = true;
            HasPassword = now.ProtectedPassword is not null;
            Input.Version = now.Version;
            Input.Password = null;
            await LoadQueueAsync(ct);
            return Page();
        }

        Notice = host.Length == 0
            ? "Paramètres enregistrés. Sans serveur SMTP, les messages sont déposés dans le dossier d’envoi du serveur (fichiers .eml)."
            : "Paramètres enregistrés. Les prochains messages passeront par ce serveur ; envoyez un message d’essai pour vérifier.";
        return Redirect("/Admin/Email");
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var to = TestTo?.Trim();
        await OnGetAsync(ct);
        TestTo = to;
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        if (settings is null || !settings.Enabled)
        {
            ModelState.AddModelError(nameof(TestTo), "Enregistrez d’abord un serveur SMTP et une adresse d’expédition.");
        }
        else if (string.IsNullOrEmpty(to) || !ValidAddress(to))
        {
            ModelState.AddModelError(nameof(TestTo), "Indiquez une adresse électronique valide pour recevoir le message d’essai.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var organisation = await OrganisationNameAsync(ct);
        var message = new EmailMessage(to!, $"Message d’essai de Relais – {organisation}", $"""
            Bonjour,

            Ce message d’essai a été envoyé depuis Relais par {User.FindFirst("relais:display")?.Value ?? me.Name} pour vérifier le serveur d’envoi de « {organisation} ».
            S’il vous parvient, les notifications de Relais partiront par ce serveur.

            — Relais
            """);
        try
        {
            await outbox.SendAsync(settings!, message, Guid.CreateVersion7(), ct);
            TestResult = $"Le message d’essai a été accepté par {settings!.Host} pour {to}. Vérifiez qu’il est bien arrivé (pensez aux courriers indésirables).";
        }
        catch (Exception e) when (e is SmtpDeliveryException or FormatException or ArgumentException)
        {
            TestFailed = true;
            TestResult = $"Échec de l’envoi : {e.Message}";
        }

        return Page();
    }

    private static bool ValidAddress(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && !text.Any(char.IsControl);

    private async Task LoadQueueAsync(CancellationToken ct)
    {
        var counts = await db.OutboxEmails.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var lastError = await db.OutboxEmails.AsNoTracking().Where(m => m.Status != OutboxStatus.Sent && m.LastError != null)
            .OrderByDescending(m => m.CreatedAt).Select(m => m.LastError).FirstOrDefaultAsync(ct);
        int Count(OutboxStatus s) => counts.Where(c => c.Key == s).Sum(c => c.Count);
        Queue = (Count(OutboxStatus.Pending), Count(OutboxStatus.Failed), Count(OutboxStatus.Sent), lastError);
    }

    private Task<string> OrganisationNameAsync(CancellationToken ct)
    {
        var id = me.OrganisationId;
        return db.Organisations.Where(o => o.Id == id).Select(o => o.Name).FirstAsync(ct);
    }

    private Task<string?> MyEmailAsync(CancellationToken ct)
    {
        var id = me.UserId;
        var org = me.OrganisationId;
        return db.Users.Where(u => u.Id == id && u.OrganisationId == org).Select(u => u.Email).FirstOrDefaultAsync(ct);
    }
}
