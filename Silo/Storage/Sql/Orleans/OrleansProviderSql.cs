namespace Orleans.Multipart.Silo.Storage.Sql.Orleans;

/// <summary>
/// What Orleans' ADO.NET providers need in a database beyond their tables (which the migration scripts
/// create, Migrations/*/0001_baseline.sql): the <c>OrleansQuery</c> rows they load at start-up (query
/// key, text with their <c>@Name</c> parameters, result columns by name). Written for this project from
/// the providers' contract.
/// </summary>
/// <param name="Queries">Query key to query text; rewritten at every start so that an upgrade replaces old texts.</param>
public sealed record OrleansProviderSql(IReadOnlyDictionary<string, string> Queries);
