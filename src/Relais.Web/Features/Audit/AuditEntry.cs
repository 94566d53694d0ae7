using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Relais.Features.Audit;

public static class AuditActions
{
    public const string Read = "read";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
}

/// <summary>
/// One line of the append-only audit log. Lines are chained: <see cref="Hash"/> covers every field and the
/// previous line's hash, and <see cref="Sequence"/> has no gaps, so removing or altering a line breaks
/// the chain (checked by <c>relais verify-audit</c>).
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? OrganisationId { get; set; }
    public Guid? UserId { get; set; }

    [MaxLength(160)]
    public string UserName { get; set; } = "";

    [MaxLength(20)]
    public required string Action { get; set; }

    [MaxLength(60)]
    public required string EntityType { get; set; }

    public Guid? EntityId { get; set; }

    /// <summary>The household whose file this line concerns (a person's change is shown in their household's history).</summary>
    public Guid? HouseholdId { get; set; }

    [MaxLength(64)]
    public string? IpAddress { get; set; }

    /// <summary>Names of changed fields, or a short context; never the values of personal data.</summary>
    [MaxLength(1000)]
    public string? Details { get; set; }

    [MaxLength(64)]
    public string PreviousHash { get; set; } = "";

    [MaxLength(64)]
    public string Hash { get; set; } = "";

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public string ComputeHash()
    {
        var canonical = string.Join('\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            OrganisationId?.ToString() ?? "",
            UserId?.ToString() ?? "",
            UserName,
            Action,
            EntityType,
            EntityId?.ToString() ?? "",
            HouseholdId?.ToString() ?? "",
            IpAddress ?? "",
            Details ?? "",
            PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Storage keeps 100 µs (SQLite converter) or 1 µs (PostgreSQL): truncate to the millisecond before hashing so that the stored value hashes the same.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

/// <summary>What a caller asks to log; the chain fields are filled when it is appended.</summary>
public sealed record AuditDraft(
    string Action,
    string EntityType,
    Guid? EntityId,
    Guid? HouseholdId,
    Guid? OrganisationId,
    Guid? UserId,
    string UserName,
    string? IpAddress,
    string? Details);
