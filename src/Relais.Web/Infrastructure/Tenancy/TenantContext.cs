using Relais.Features.Audit;

namespace Relais.Infrastructure.Tenancy;

/// <summary>
/// The organisation and actor of the current unit of work: the signed-in user in a request, or an
/// explicit system actor for the command line and background work.
/// </summary>
public sealed class TenantContext(CurrentUser user)
{
    private Guid? _organisationOverride;
    private string? _systemActor;

    public Guid? OrganisationId => _organisationOverride ?? user.OrganisationId;

    /// <summary>Acts for <paramref name="organisationId"/> as a named system actor (CLI, seeding, jobs).</summary>
    public void ActAsSystem(Guid? organisationId, string actor)
    {
        _organisationOverride = organisationId;
        _systemActor = actor;
    }

    public AuditDraft Draft(string action, string entityType, Guid? entityId, Guid? householdId, Guid? organisationId, string? details) =>
        new(action, entityType, entityId, householdId, organisationId ?? OrganisationId,
            _systemActor is null ? user.UserId : null,
            _systemActor ?? user.Name ?? "anonyme",
            _systemActor is null ? user.IpAddress : null,
            details);
}
