using System.Net.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Relais.Infrastructure.Data;
using Relais.Infrastructure.Tenancy;

namespace Relais.Infrastructure.Email;

/// <summary>Encrypts the SMTP password for storage (ASP.NET Core Data Protection, keys in {DataFolder}/keys).</summary>
public sealed class SmtpPasswordProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Relais.Email.SmtpPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>The clear password, or null when none is stored or it cannot be read any more (keys lost): then SMTP fails with a clear error.</summary>
    public string? Unprotect(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(stored);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// The SMTP outbox: messages of organisations with an SMTP server are queued in the database (<see cref="OutboxEmail"/>),
/// then delivered by <see cref="DeliverDueAsync"/> (run by <see cref="SmtpDeliveryService"/>) with retries and an
/// exponential backoff (<c>Email:Smtp:RetrySeconds</c> × 2^(attempt−1), at most 6 hours, <c>Email:Smtp:MaxAttempts</c>
/// attempts, then the message is marked abandoned with its last error). A message is claimed before it is sent, so that
/// two delivery passes never send it twice.
/// </summary>
public sealed class SmtpOutbox(IServiceScopeFactory scopes, SmtpPasswordProtector passwords, IConfiguration config, TimeProvider clock, ILogger<SmtpOutbox> logger)
{
    public const string Actor = "Relais (courriel)";

    private readonly SemaphoreSlim _wake = new(0);
    private readonly TimeSpan _retry = TimeSpan.FromSeconds(Math.Max(0.05, config.GetValue("Email:Smtp:RetrySeconds", 60.0)));
    public int MaxAttempts { get; } = Math.Max(1, config.GetValue("Email:Smtp:MaxAttempts", 10));

    /// <summary>Released when a message is queued, so that the delivery service does not wait for its next poll.</summary>
    public SemaphoreSlim Wake => _wake;

    /// <summary>Queues the message when the organisation has an SMTP server; false when it has none (the caller writes a file).</summary>
    public async Task<bool> TryEnqueueAsync(Guid organisationId, EmailMessage message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(organisationId, Actor);
        var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        if (settings is null || !settings.Enabled)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        db.OutboxEmails.Add(new OutboxEmail
        {
            OrganisationId = organisationId, To = message.To, Subject = message.Subject, Body = message.TextBody,
            CreatedAt = now, NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
        _wake.Release();
        return true;
    }

    /// <summary>Delivers every due message of every organisation; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<(Guid Id, Guid OrganisationId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(null, Actor);
            var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
            due = (await db.OutboxEmails.IgnoreQueryFilters().AsNoTracking()
                    .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                    .OrderBy(m => m.NextAttemptAt).Take(100)
                    .Select(m => new { m.Id, m.OrganisationId }).ToListAsync(ct))
                .Select(m => (m.Id, m.OrganisationId)).ToList();
        }

        var sent = 0;
        foreach (var (id, organisationId) in due)
        {
            if (await DeliverAsync(id, organisationId, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> DeliverAsync(Guid id, Guid organisationId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem(organisationId, Actor);
        var db = scope.ServiceProvider.GetRequiredService<RelaisDbContext>();
        var now = clock.GetUtcNow();
        // Claim: whoever moves the next attempt forward first sends it.
        var claimed = await db.OutboxEmails.Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + SmtpConversation.Timeout * 4), ct);
        if (claimed == 0)
        {
            return false;
        }

        var message = await db.OutboxEmails.FirstAsync(m => m.Id == id, ct);
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        message.Attempts++;
        try
        {
            if (settings is null || !settings.Enabled)
            {
                throw new SmtpDeliveryException("Le serveur SMTP de l’organisation n’est plus configuré.");
            }

            await SendAsync(settings, new EmailMessage(message.To, message.Subject, message.Body), message.Id, ct);
            message.Status = OutboxStatus.Sent;
            message.SentAt = clock.GetUtcNow();
            message.LastError = null;
            message.Body = ""; // delivered: the text (which may hold a one-time link) is not kept
            logger.LogInformation("Outbox message {Id} delivered by SMTP after {Attempts} attempt(s)", id, message.Attempts);
        }
        catch (Exception e) when (e is SmtpDeliveryException or FormatException or ArgumentException)
        {
            message.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            if (message.Attempts >= MaxAttempts)
            {
                message.Status = OutboxStatus.Failed;
                logger.LogWarning("Outbox message {Id} abandoned after {Attempts} attempts: {Error}", id, message.Attempts, e.Message);
            }
            else
            {
                var delay = _retry * Math.Pow(2, message.Attempts - 1);
                message.NextAttemptAt = clock.GetUtcNow() + (delay > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : delay);
                logger.LogWarning("Outbox message {Id} not delivered (attempt {Attempts}), next at {Next}: {Error}", id, message.Attempts, message.NextAttemptAt, e.Message);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return message.Status == OutboxStatus.Sent;
    }

    /// <summary>One SMTP conversation with the organisation's settings (used for the queue and the test message).</summary>
    public async Task SendAsync(EmailSettings settings, EmailMessage message, Guid messageId, CancellationToken ct)
    {
        var from = new MailAddress(settings.FromAddress);
        var to = new MailAddress(message.To);
        var name = settings.FromName?.Replace("\"", "", StringComparison.Ordinal).Trim();
        var header = string.IsNullOrEmpty(name)
            ? from.Address
            : name.All(c => c is >= ' ' and <= '~')
                ? $"\"{name}\" <{from.Address}>"
                : $"=?utf-8?B?{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(name))}?= <{from.Address}>";
        var text = OutboxEmailSender.Format(message, header, clock.GetUtcNow(), messageId, base64Body: true);
        var password = passwords.Unprotect(settings.ProtectedPassword);
        if (!string.IsNullOrEmpty(settings.ProtectedPassword) && password is null)
        {
            throw new SmtpDeliveryException("Le mot de passe SMTP enregistré ne peut plus être déchiffré (clés de chiffrement changées) : saisissez-le à nouveau.");
        }

        await SmtpConversation.SendAsync(new SmtpTarget(settings.Host, settings.Port, settings.Security, settings.UserName, password), from.Address, to.Address, text, ct);
    }
}

/// <summary>
/// Delivers the SMTP outbox: at once when a message is queued, and every <c>Email:Smtp:PollSeconds</c> (30) for retries.
/// The first pass waits for a queued message or <c>Email:Smtp:StartupDelaySeconds</c> (30): the database is not touched
/// while the application may still be migrating it (a SQLite connection opened before a table exists keeps a stale schema).
/// </summary>
public sealed class SmtpDeliveryService(SmtpOutbox outbox, IConfiguration config, ILogger<SmtpDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, config.GetValue("Email:Smtp:PollSeconds", 30.0)));
        var startup = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Email:Smtp:StartupDelaySeconds", 30.0)));
        try
        {
            await outbox.Wake.WaitAsync(startup, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be unavailable for a moment (or not migrated yet): try again at the next poll.
                logger.LogWarning(e, "SMTP outbox delivery pass failed");
            }

            try
            {
                await outbox.Wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
