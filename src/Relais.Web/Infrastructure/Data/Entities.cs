namespace Relais.Infrastructure.Data;

/// <summary>A row that belongs to one organisation; the DbContext filters every query on it.</summary>
public interface IOrganisationOwned
{
    Guid OrganisationId { get; set; }
}

/// <summary>A row edited through forms: <see cref="Version"/> is its optimistic concurrency token.</summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>Creation and update stamps, set by <see cref="RelaisDbContext"/> from <see cref="TimeProvider"/>.</summary>
public interface IStamped
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}
