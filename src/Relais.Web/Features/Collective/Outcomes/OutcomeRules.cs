using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Relais.Features.Collective.Budget;
using Relais.Infrastructure.Data;

namespace Relais.Features.Collective.Outcomes;

/// <summary>The suggested indicators, and the values Relais computes from the project's members and sessions.</summary>
public static class OutcomeRules
{
    public sealed record Preset(string Key, string Name, string Unit, IndicatorDirection Direction, IndicatorComputation Computation);

    /// <summary>The list offered when choosing an indicator (seed 001: participants, sessions held, porteurs, debt reduced…).</summary>
    public static readonly IReadOnlyList<Preset> Presets =
    [
        new("participants", "Participants", "habitants", IndicatorDirection.Increase, IndicatorComputation.Participants),
        new("seances", "Séances tenues", "séances", IndicatorDirection.Increase, IndicatorComputation.SessionsHeld),
        new("porteurs", "Habitants devenus porteurs", "habitants", IndicatorDirection.Increase, IndicatorComputation.ResidentCarriers),
        new("dette", "Dette réduite", "€", IndicatorDirection.Increase, IndicatorComputation.None),
        new("logements", "Logements concernés", "logements", IndicatorDirection.Increase, IndicatorComputation.None),
        new("satisfaction", "Habitants satisfaits", "%", IndicatorDirection.Increase, IndicatorComputation.None),
        new("incivilites", "Signalements d’incivilités", "signalements", IndicatorDirection.Decrease, IndicatorComputation.None),
    ];

    /// <summary>The computed value of each computable kind for a project, as of <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyDictionary<IndicatorComputation, int>> ComputeAsync(RelaisDbContext db, Guid projectId, DateTimeOffset now, CancellationToken ct)
    {
        var attendances = db.SessionAttendances;
        var residents = db.ProjectMembers.Where(m => m.ProjectId == projectId && m.Kind == MemberKind.Resident);
        var sessions = db.ProjectSessions.Where(s => s.ProjectId == projectId && !s.Cancelled);
        var participants = await attendances
            .Where(a => a.Status == AttendanceStatus.Present && residents.Any(m => m.Id == a.MemberId) && sessions.Any(s => s.Id == a.SessionId))
            .Select(a => a.MemberId).Distinct().CountAsync(ct);
        var held = await db.ProjectSessions
            .Where(s => s.ProjectId == projectId && !s.Cancelled && s.StartsAt <= now
                        && attendances.Any(a => a.SessionId == s.Id && a.Status == AttendanceStatus.Present))
            .CountAsync(ct);
        var carriers = await residents.Where(m => m.Role == MemberRole.Carrier).CountAsync(ct);
        return new Dictionary<IndicatorComputation, int>
        {
            [IndicatorComputation.Participants] = participants,
            [IndicatorComputation.SessionsHeld] = held,
            [IndicatorComputation.ResidentCarriers] = carriers,
        };
    }

    public static string Value(decimal value, string unit) =>
        unit.Length == 0 ? BudgetRules.Number(value) : unit == "€" ? BudgetRules.Euros(value) : $"{BudgetRules.Number(value)}\u00a0{unit}";
}

/// <summary>A small line chart of an indicator's measurements, drawn on the server as SVG (with its data table beside it).</summary>
public sealed record IndicatorChart(string Points, IReadOnlyList<(double X, double Y, string Label)> Dots, double? TargetY, string YMax, string YMin, string FirstDate, string LastDate)
{
    public const int Width = 320;
    public const int Height = 160;
    public const int Left = 44;
    public const int Right = 12;
    public const int Top = 12;
    public const int Bottom = 28;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IndicatorChart? Of(IReadOnlyList<IndicatorMeasurement> measurements, decimal? target, string unit)
    {
        if (measurements.Count == 0)
        {
            return null;
        }

        var sorted = measurements.OrderBy(m => m.MeasuredOn).ThenBy(m => m.CreatedAt).ToList();
        var max = Math.Max(sorted.Max(m => m.Value), target ?? 0);
        var min = Math.Min(0, sorted.Min(m => m.Value));
        if (max == min)
        {
            max = min + 1;
        }

        var top = max + (max - min) / 10;
        var first = sorted[0].MeasuredOn.DayNumber;
        var span = Math.Max(1, sorted[^1].MeasuredOn.DayNumber - first);
        double X(DateOnly d) => sorted.Count == 1 ? Left + (Width - Left - Right) / 2.0 : Left + (double)(d.DayNumber - first) / span * (Width - Left - Right);
        double Y(decimal v) => Top + (double)((top - v) / (top - min)) * (Height - Top - Bottom);
        var dots = sorted.Select(m => (Math.Round(X(m.MeasuredOn), 1), Math.Round(Y(m.Value), 1), $"{Accompaniments.FileFormat.Date(m.MeasuredOn)} : {OutcomeRules.Value(m.Value, unit)}")).ToList();
        var points = string.Join(' ', dots.Select(d => $"{d.Item1.ToString(Invariant)},{d.Item2.ToString(Invariant)}"));
        return new IndicatorChart(points, dots, target is { } t ? Math.Round(Y(t), 1) : null, BudgetRules.Number(decimal.Round(top, 1)), BudgetRules.Number(min),
            Accompaniments.FileFormat.Date(sorted[0].MeasuredOn), Accompaniments.FileFormat.Date(sorted[^1].MeasuredOn));
    }

    public static string N(double value) => value.ToString(Invariant);
}
