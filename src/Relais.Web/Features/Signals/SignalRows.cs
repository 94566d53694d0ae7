using System.Linq.Expressions;

namespace Relais.Features.Signals;

/// <summary>One line of the signal list, as the caller may see it.</summary>
public sealed record SignalRow(
    Guid Id,
    Guid HouseholdId,
    string TenantReference,
    string? HolderLastName,
    string? HolderFirstName,
    string? Street,
    string? Staircase,
    string? Door,
    string? Commune,
    string? ResidenceName,
    SignalType Type,
    SignalSeverity Severity,
    SignalStatus Status,
    SignalSource Source,
    string Explanation,
    decimal? DebtAmount,
    DateTimeOffset DetectedAt)
{
    public string HouseholdName => HolderLastName is null
        ? $"Ménage {TenantReference}"
        : $"{HolderLastName.ToUpperInvariant()} {HolderFirstName}";

    public string? Address => Street is null ? null : $"{Street}, esc. {Staircase}, porte {Door} – {Commune}";
}

/// <summary>What the detail page shows beyond the row.</summary>
public sealed record SignalExtra(string? Note, bool NoteConfidential, string? PartnerSource, string? ReportedByName, string? DismissReason,
    DateTimeOffset? StatusChangedAt, DateOnly? LedgerMonth, int Version);

public static class SignalProjections
{
    /// <summary>
    /// The list projection. What the caller may not see is decided here, in SQL: without the right to see amounts, the
    /// query reads the explanation without amounts and no debt; the lease holder's name comes from two scalar subqueries.
    /// </summary>
    public static Expression<Func<Signal, SignalRow>> Row(bool seesAmounts) => seesAmounts
        ? s => new SignalRow(
            s.Id, s.HouseholdId, s.Household!.TenantReference,
            s.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.LastName).FirstOrDefault(),
            s.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.FirstName).FirstOrDefault(),
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Street : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Staircase : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Door : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Residence!.CommuneName : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Residence!.Name : null,
            s.Type, s.Severity, s.Status, s.Source,
            s.Explanation,
            s.DebtAmount,
            s.DetectedAt)
        : s => new SignalRow(
            s.Id, s.HouseholdId, s.Household!.TenantReference,
            s.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.LastName).FirstOrDefault(),
            s.Household.Members.OrderBy(m => m.Role).ThenBy(m => m.BirthDate).Select(m => m.FirstName).FirstOrDefault(),
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Street : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Staircase : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Door : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Residence!.CommuneName : null,
            s.Household.Dwelling != null ? s.Household.Dwelling.Building!.Residence!.Name : null,
            s.Type, s.Severity, s.Status, s.Source,
            s.PublicExplanation,
            null,
            s.DetectedAt);

    /// <summary>What the detail page adds to the row; a confidential note is left out for who may not see it.</summary>
    public static Expression<Func<Signal, SignalExtra>> Extra(bool seesConfidentialNotes) => seesConfidentialNotes
        ? s => new SignalExtra(s.Note, s.NoteConfidential, s.PartnerSource, s.ReportedByName, s.DismissReason, s.StatusChangedAt, s.LedgerMonth, s.Version)
        : s => new SignalExtra(s.NoteConfidential ? null : s.Note, false, s.PartnerSource, s.ReportedByName, s.DismissReason, s.StatusChangedAt, s.LedgerMonth, s.Version);
}

/// <summary>Severity of reports by people, when the reporter leaves the default (documented rules).</summary>
public static class ReportedSignals
{
    /// <summary>The situations staff and partners report, in the order of the report form.</summary>
    public static readonly SignalType[] Types =
    [
        SignalType.Isolation, SignalType.Letterbox, SignalType.Hygiene, SignalType.NeighbourConflict, SignalType.HealthWorry, SignalType.Other,
    ];

    /// <summary>
    /// A worry for someone's health may be an emergency: <b>élevée</b>. Isolation, a full letterbox (someone may be unwell
    /// or gone) and hygiene or a worrying smell: <b>moyenne</b>. A neighbour conflict: <b>faible</b> (it calls for mediation
    /// more than for going towards someone in danger). Other: <b>moyenne</b>, until someone looks.
    /// </summary>
    public static SignalSeverity DefaultSeverity(SignalType type) => type switch
    {
        SignalType.HealthWorry => SignalSeverity.High,
        SignalType.NeighbourConflict => SignalSeverity.Low,
        _ => SignalSeverity.Medium,
    };

    public static string Hint(SignalType type) => type switch
    {
        SignalType.Isolation => "Personne seule qu’on ne voit plus, volets toujours fermés…",
        SignalType.Letterbox => "Courrier qui déborde, avis de passage qui s’accumulent.",
        SignalType.Hygiene => "Odeur inquiétante, encombrement, nuisibles.",
        SignalType.NeighbourConflict => "Tensions, plaintes répétées entre voisins.",
        SignalType.HealthWorry => "Une personne semble malade, affaiblie ou en danger.",
        _ => "Précisez dans le texte libre.",
    };
}
