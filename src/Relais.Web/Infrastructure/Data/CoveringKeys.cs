using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace Relais.Infrastructure.Data;

/// <summary>
/// A primary key that also carries some columns (PostgreSQL's <c>PRIMARY KEY (…) INCLUDE (…)</c>), so that reads of
/// those columns by key are answered from the key's B-tree alone (index-only scans) instead of one heap page per row.
/// The EF provider has this for indexes but not for keys (npgsql/efcore.pg#3311): the key carries an annotation and
/// <see cref="CoveringKeyMigrationsSqlGenerator"/> writes the clause, so that the schema EF creates from the model
/// (the schema test's reference) and the migrations agree. SQLite ignores it: a <c>WITHOUT ROWID</c> table is stored
/// in its key already.
/// </summary>
public static class CoveringKeys
{
    public const string Annotation = "Relais:KeyInclude";

    public static KeyBuilder IncludeProperties(this KeyBuilder key, params string[] properties) =>
        key.HasAnnotation(Annotation, properties);

    /// <summary>The columns the primary key of <paramref name="table"/> includes, in order; empty when none.</summary>
    public static IReadOnlyList<string> IncludedColumns(IModel? model, string table, string? schema)
    {
        var key = model?.GetRelationalModel().FindTable(table, schema)?.PrimaryKey?.MappedKeys.FirstOrDefault();
        if (key?.FindAnnotation(Annotation)?.Value is not string[] properties)
        {
            return [];
        }

        var store = StoreObjectIdentifier.Table(table, schema);
        return properties.Select(p => key.DeclaringEntityType.FindProperty(p)?.GetColumnName(store)
            ?? throw new InvalidOperationException($"{Annotation} on {table}: no column for property {p}.")).ToList();
    }
}

#pragma warning disable EF1001 // The Npgsql generator's constructor takes its options as an internal type; nothing else of it is used.
/// <summary>Npgsql's DDL, plus <c>INCLUDE (…)</c> on the primary keys that carry <see cref="CoveringKeys.Annotation"/>.</summary>
public sealed class CoveringKeyMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
    : NpgsqlMigrationsSqlGenerator(dependencies, options)
#pragma warning restore EF1001
{
    protected override void PrimaryKeyConstraint(AddPrimaryKeyOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        base.PrimaryKeyConstraint(operation, model, builder);
        var included = CoveringKeys.IncludedColumns(model, operation.Table, operation.Schema);
        if (included.Count > 0)
        {
            builder.Append(" INCLUDE (").Append(ColumnList([.. included])).Append(")");
        }
    }
}
