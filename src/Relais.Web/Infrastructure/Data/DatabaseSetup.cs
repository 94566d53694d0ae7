using Microsoft.EntityFrameworkCore;

namespace Relais.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Chooses the provider from configuration: <c>Database:Provider</c> (Sqlite by default, or Postgres) and
/// <c>ConnectionStrings:Relais</c> (by default a SQLite file in <c>data/</c> under the working directory).
/// </summary>
public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(config["Database:Provider"], "postgresql", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public static string ConnectionString(IConfiguration config)
    {
        var configured = config.GetConnectionString("Relais");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (Provider(config) == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Relais is not set.");
        }

        var folder = config["Database:DataFolder"] ?? "data";
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "relais.db")}";
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString)
                .ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsSqlGenerator, CoveringKeyMigrationsSqlGenerator>();
        }
        else
        {
            options.UseSqlite(connectionString, o => o.CommandTimeout(30));
        }
    }

    /// <summary>
    /// Npgsql settings for a web app's many short queries, unless the connection string sets them itself:
    /// <list type="bullet">
    /// <item>auto-prepare: PostgreSQL plans each frequent query once per connection instead of on every execution,
    /// which divided its CPU per household page by 3 in the benchmark (bench/README.md);</item>
    /// <item>no reset on close: EF Core opens and closes the connection around each query, and on every reopen Npgsql
    /// otherwise sends a reset (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; …</c>,
    /// seven statements) before the query: 16 times for one file page, a quarter of PostgreSQL's CPU for it. Relais
    /// leaves no session state on a pooled connection (temporary tables are <c>ON COMMIT DROP</c>, settings are
    /// <c>SET LOCAL</c>, advisory locks are transaction-scoped except the migrator's, which it always releases), so
    /// the reset has nothing to clean (decision 0019).</item>
    /// <item>a pool of <see cref="DefaultMaxPoolSize"/> connections (Npgsql's default is 100): a query that waits a
    /// moment for a free connection costs less than sixteen PostgreSQL processes taking turns on a few cores. On the
    /// benchmark (2 cores, 16 clients) the file page went from p95 83.8 to 68.6 ms with 8 connections, at the same
    /// CPU per page (decision 0020).</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Sets(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Sets(connectionString, "Maximum Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Connections per app process: four per core of the app's machine, at least 8. The ledger import and signal detection
    /// hold one connection for their whole run (one at a time: LedgerImportQueue), and no request holds one while it waits
    /// for another (the audit writer), so requests always keep most of the pool.
    /// </summary>
    public static int DefaultMaxPoolSize => Math.Max(8, 4 * Environment.ProcessorCount);

    /// <summary>Whether the connection string sets one of these keywords itself (case, spaces and order ignored).</summary>
    private static bool Sets(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        static string Key(string k) => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var keys = given.Keys.Cast<string>().Select(Key).ToHashSet();
        return keywords.Any(k => keys.Contains(Key(k)));
    }

    public static IServiceCollection AddRelaisDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = Provider(config);
        var connectionString = ConnectionString(config);
        if (provider == DatabaseProvider.Postgres)
        {
            connectionString = Tuned(connectionString);
        }

        // The options are built once (singleton), not for every request's context: they hold nothing per request
        // (the tenant is the context's own dependency), and building them parsed the connection string each time.
        services.AddDbContext<RelaisDbContext>(o => Configure(o, provider, connectionString), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        return services;
    }
}
