using System.ComponentModel.DataAnnotations;
using Relais.Features.Households;
using Relais.Infrastructure.Data;

namespace Relais.Features.Accompaniments;

public enum AccompanimentStatus
{
    [Display(Name = "Ouvert")] Open = 0,
    [Display(Name = "Clos")] Closed = 1,
}

public enum ConsentChannel
{
    [Display(Name = "Oralement, en présence")] InPerson = 0,
    [Display(Name = "Par téléphone")] Phone = 1,
    [Display(Name = "Par écrit")] Written = 2,
}

/// <summary>
/// An individual accompaniment, opened only with the person's consent (who, when, how the consent was given, who
/// recorded it). The file itself (scope, referents, account, closure and its items) is in AccompanimentFile.cs.
/// </summary>
public sealed partial class Accompaniment : IOrganisationOwned, IVersioned, IStamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid HouseholdId { get; set; }
    public Household? Household { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }

    public AccompanimentStatus Status { get; set; }

    public DateOnly ConsentDate { get; set; }
    public ConsentChannel ConsentChannel { get; set; }

    public Guid? ConsentRecordedByUserId { get; set; }

    [MaxLength(160)]
    public string ConsentRecordedByName { get; set; } = "";

    /// <summary>The contact attempt from which it was opened, when it came from outreach.</summary>
    public Guid? ContactAttemptId { get; set; }

    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
