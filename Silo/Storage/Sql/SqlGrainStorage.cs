using System.Globalization;
using Dapper;
using Orleans.Multipart.Runtime;
using Orleans.Multipart.Runtime.Persistence;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Grain state in table <c>grain_state</c>, versioned: a write names the version it read and fails if another writer got there first.</summary>
public sealed class SqlGrainStorage(SqlDatabase db) : IGrainStorage
{
    public Task<StoredState> ReadAsync(GrainId grain, string stateName, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c =>
        {
            var row = (await c.QueryAsync<(string Data, long Version)>(
                "SELECT data, version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @stateName",
                new { grain.Type, grain.Key, stateName })).ToList();
            return row.Count == 0 ? default : new StoredState(row[0].Data, Format(row[0].Version));
        }, cancellationToken);

    public async Task<string> WriteAsync(GrainId grain, string stateName, string data, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var written = await db.WriteAsync(async (c, t) =>
        {
            if (expectedVersion is null)
            {
                return await c.ExecuteAsync(
                    "INSERT INTO grain_state (grain_type, grain_key, state_name, data, version) VALUES (@Type, @Key, @stateName, @data, 1) ON CONFLICT DO NOTHING",
                    new { grain.Type, grain.Key, stateName, data }, t) == 1 ? 1L : -1L;
            }

            var expected = long.Parse(expectedVersion, CultureInfo.InvariantCulture);
            return await c.ExecuteAsync(
                "UPDATE grain_state SET data = @data, version = version + 1 WHERE grain_type = @Type AND grain_key = @Key AND state_name = @stateName AND version = @expected",
                new { grain.Type, grain.Key, stateName, data, expected }, t) == 1 ? expected + 1 : -1L;
        }, cancellationToken);

        if (written < 0)
        {
            var actual = await ReadAsync(grain, stateName, cancellationToken);
            throw new InconsistentStateException(grain, stateName, expectedVersion, actual.Version);
        }

        return Format(written);
    }

    public async Task ClearAsync(GrainId grain, string stateName, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        if (expectedVersion is null)
        {
            return;
        }

        var expected = long.Parse(expectedVersion, CultureInfo.InvariantCulture);
        var deleted = await db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @stateName AND version = @expected",
            new { grain.Type, grain.Key, stateName, expected }, t), cancellationToken);
        if (deleted == 0)
        {
            var actual = await ReadAsync(grain, stateName, cancellationToken);
            throw new InconsistentStateException(grain, stateName, expectedVersion, actual.Version);
        }
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
