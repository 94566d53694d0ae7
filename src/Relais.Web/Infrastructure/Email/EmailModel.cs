using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;

namespace Relais.Infrastructure.Email;

/// <summary>How the connection to the SMTP server is secured. Stored by number: never renumber.</summary>
public enum SmtpSecurity
{
    [Display(Name = "Aucune (relais du réseau local uniquement)")] None = 0,
    [Display(Name = "STARTTLS (généralement le port 587)")] StartTls = 1,
    [Display(Name = "SSL/TLS dès la connexion (généralement le port 465)")] SslOnConnect = 2,
}

/// <summary>
/// The organisation's SMTP server (one row per organisation; absent or without host = no SMTP: messages are written as
/// .eml files in the outbox folder). The password is stored encrypted with ASP.NET Core Data Protection and never shown back.
/// </summary>
public sealed class EmailSettings : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(253)]
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    [MaxLength(254)]
    public string? UserName { get; set; }

    /// <summary>The password, protected by <see cref="SmtpPasswordProtector"/> (Data Protection): never the clear text.</summary>
    [MaxLength(4000)]
    public string? ProtectedPassword { get; set; }

    /// <summary>The sender address (From), e.g. ne-pas-repondre@bailleur.fr.</summary>
    [MaxLength(254)]
    public string FromAddress { get; set; } = "";

    /// <summary>The sender's display name (e.g. the organisation's name).</summary>
    [MaxLength(160)]
    public string? FromName { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(FromAddress);
}

/// <summary>Where an outbox message stands. Stored by number: never renumber.</summary>
public enum OutboxStatus
{
    [Display(Name = "En attente")] Pending = 0,
    [Display(Name = "Envoyé")] Sent = 1,
    /// <summary>Given up after the last attempt: the error stays for the administrator.</summary>
    [Display(Name = "Abandonné")] Failed = 2,
}

/// <summary>
/// A message waiting for (or done with) SMTP delivery: written in the same database as the change it announces, then
/// delivered by <see cref="SmtpDeliveryService"/> with retries, so that a server down loses nothing. The body is cleared
/// once delivered (it may carry a one-time link).
/// </summary>
public sealed class OutboxEmail : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(254)]
    public string To { get; set; } = "";

    [MaxLength(998)]
    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    [MaxLength(2000)]
    public string? LastError { get; set; }
}

public static class EmailModel
{
    public static readonly Type[] AuditedTypes = [typeof(EmailSettings)];

    public static void Configure(ModelBuilder b)
    {
        b.Entity<EmailSettings>(e =>
        {
            e.ToTable("EmailSettings");
            e.HasIndex(x => x.OrganisationId).IsUnique();
        });
        b.Entity<OutboxEmail>(e =>
        {
            e.ToTable("OutboxEmails");
            // The delivery sweep: pending messages due.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => new { x.OrganisationId, x.Status });
        });
    }
}

public static class EmailQueries
{
    extension(RelaisDbContext db)
    {
        public DbSet<EmailSettings> EmailSettings => db.Set<EmailSettings>();
        public DbSet<OutboxEmail> OutboxEmails => db.Set<OutboxEmail>();
    }
}
