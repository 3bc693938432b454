using System.Reflection;
using DbUp.Engine;

namespace Orleans.Multipart.Silo.Storage.Sql.Migrations;

/// <summary>
/// The numbered SQL scripts of one store, embedded from <c>Migrations/{Postgres,Sqlite}/NNNN_name.sql</c>
/// and applied in file-name order. A script is journalled by its file name alone, not by its resource
/// name, so that moving or renaming the namespace never makes an applied script look new.
/// </summary>
internal static class MigrationScripts
{
    /// <summary>The first script: today's schema as the hand-written code created it, which databases from before migrations are adopted at.</summary>
    public const string Baseline = "0001_baseline.sql";

    private const string ResourcePrefix = "Orleans.Multipart.Silo.Storage.Sql.Migrations.";

    public static IReadOnlyList<SqlScript> For(ISqlDialect dialect)
    {
        var folder = ResourcePrefix + dialect.MigrationFolder + ".";
        var assembly = typeof(MigrationScripts).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new SqlScript(name[folder.Length..], Read(assembly, name)))
            .OrderBy(script => script.Name, StringComparer.Ordinal)
            .ToList();
        if (scripts.Count == 0 || scripts[0].Name != Baseline)
        {
            throw new InvalidOperationException($"The {dialect.Name} migrations must start with {Baseline} (found: {string.Join(", ", scripts.Select(s => s.Name))}).");
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
