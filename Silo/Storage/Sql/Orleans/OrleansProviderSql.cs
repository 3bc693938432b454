namespace Orleans.Multipart.Silo.Storage.Sql.Orleans;

/// <summary>
/// What Orleans' ADO.NET providers need in a database: our tables for their data, and the
/// <c>OrleansQuery</c> rows they load at start-up (query key, text with their <c>@Name</c> parameters,
/// result columns by name). Written for this project from the providers' contract.
/// </summary>
/// <param name="Tables">Idempotent DDL for the providers' tables.</param>
/// <param name="Queries">Query key to query text; rewritten at every start so that an upgrade replaces old texts.</param>
public sealed record OrleansProviderSql(string Tables, IReadOnlyDictionary<string, string> Queries);
