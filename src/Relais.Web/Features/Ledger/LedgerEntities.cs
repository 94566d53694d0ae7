using System.ComponentModel.DataAnnotations;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

namespace Relais.Features.Ledger;

/// <summary>
/// One month of a household's rent account (quittancement), as exported by the landlord's system.
/// Its key is (organisation, household, month): importing the same month again replaces the line. No other index
/// and no foreign key, so that a 3.6-million-line import maintains one B-tree only (docs/decisions/0010).
/// </summary>
public sealed class RentLedgerLine : IOrganisationOwned
{
    public Guid OrganisationId { get; set; }

    /// <summary>The household, resolved by the importer (no database foreign key: see docs/decisions/0010).</summary>
    public Guid HouseholdId { get; set; }

    /// <summary>The dwelling reference as written in the file (the household may have moved since).</summary>
    [MaxLength(40)]
    public string DwellingReference { get; set; } = "";

    /// <summary>First day of the month billed.</summary>
    public DateOnly Month { get; set; }

    /// <summary>Rent and charges billed for the month (loyer et charges quittancés).</summary>
    public decimal Billed { get; set; }

    /// <summary>Amount paid by the household during the month.</summary>
    public decimal Paid { get; set; }

    /// <summary>Housing benefit (APL/AL) received for the month, paid directly to the landlord.</summary>
    public decimal HousingBenefit { get; set; }

    /// <summary>Balance at the end of the month: positive means the household owes that much.</summary>
    public decimal Balance { get; set; }

    public Guid ImportId { get; set; }
}

public enum LedgerImportStatus
{
    [Display(Name = "En cours")] Running = 0,
    [Display(Name = "Importé")] Succeeded = 1,
    [Display(Name = "Refusé")] Refused = 2,
    [Display(Name = "Interrompu")] Failed = 3,
}

/// <summary>One import of a ledger file, with its report. A refused file leaves no ledger line behind.</summary>
public sealed class LedgerImport : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    [MaxLength(260)]
    public string FileName { get; set; } = "";

    public Guid? UserId { get; set; }

    [MaxLength(160)]
    public string UserName { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public LedgerImportStatus Status { get; set; }

    /// <summary>"utf-8", "windows-1252"…</summary>
    [MaxLength(20)]
    public string Encoding { get; set; } = "";

    [MaxLength(1)]
    public string Delimiter { get; set; } = ";";

    public long LinesRead { get; set; }
    public long LinesImported { get; set; }
    public int HouseholdsCreated { get; set; }
    public int ErrorCount { get; set; }

    public DateOnly? FirstMonth { get; set; }
    public DateOnly? LastMonth { get; set; }

    /// <summary>The first 100 errors (line, column, value, reason) as JSON, and other notes of the report.</summary>
    public string? Report { get; set; }
}

/// <summary>How an organisation's export names its columns: saved after the first successful mapping.</summary>
public sealed class LedgerColumnMapping : IOrganisationOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }

    /// <summary>JSON object: field name (TenantReference, DwellingReference, Month, Billed, Paid, HousingBenefit, Balance) → column header.</summary>
    [MaxLength(4000)]
    public string Columns { get; set; } = "{}";

    public int Version { get; set; }
}
