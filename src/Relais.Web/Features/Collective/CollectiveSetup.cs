namespace Relais.Features.Collective;

/// <summary>Registers collective action's services; called by RelaisApp.</summary>
public static class CollectiveSetup
{
    public static void AddRelaisCollective(IServiceCollection services)
    {
        services.AddScoped<ProjectAccess>();
    }
}
