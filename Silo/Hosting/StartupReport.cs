using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// What the silo says once it has started: where it listens and keeps its data, and which credentials it
/// serves: the access key and where the secret key was configured, never the secret itself (a log is read
/// by more people than the secret may be).
/// </summary>
internal static partial class StartupReport
{
    private const string SecretKeySetting = "Auth:RootSecretKey";

    public static void Register(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() => Write(app));

    private static void Write(WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Multipart");
        Log.Listening(log, string.Join(", ", app.Urls), storage.Provider, Path.GetFullPath(storage.DataPath));
        if (auth.RootAccessKey is null)
        {
            Log.NoCredentials(log);
        }
        else
        {
            // In Development the credentials are the sample ones from appsettings.Development.json: a warning, so they are not taken into production.
            var development = app.Environment.IsDevelopment();
            Log.Credentials(log, development ? LogLevel.Warning : LogLevel.Information, auth.RootAccessKey, SecretSource(app.Configuration),
                development ? " (Development: set Auth__RootAccessKey / Auth__RootSecretKey in production)" : "");
        }
    }

    /// <summary>The configuration source the secret key's value comes from (the last provider that has it wins, as configuration reads it).</summary>
    internal static string SecretSource(IConfiguration configuration) =>
        configuration is not IConfigurationRoot root
            ? "configuration"
            : root.Providers.Reverse().FirstOrDefault(p => p.TryGet(SecretKeySetting, out var value) && !string.IsNullOrEmpty(value)) switch
            {
                null => "nowhere (no secret key is set)",
                FileConfigurationProvider file => $"file {file.Source.Path}",
                EnvironmentVariablesConfigurationProvider => "environment variable " + SecretKeySetting.Replace(":", "__", StringComparison.Ordinal),
                CommandLineConfigurationProvider => "command line --" + SecretKeySetting,
                var other => other.GetType().Name,
            };

    /// <summary>EventIds 4040-4049 (the silo's range is 4000-4999; see README.md).</summary>
    private static partial class Log
    {
        [LoggerMessage(4040, LogLevel.Information, "Orleans.Multipart listening on {Urls}; storage {Provider}, data in {DataPath}")]
        public static partial void Listening(ILogger logger, string urls, string provider, string dataPath);

        /// <summary>Warning in Development, Information elsewhere (the level is the caller's).</summary>
        [LoggerMessage(EventId = 4041, Message = "Credentials: access key {AccessKey}, secret key from {SecretSource}{Advice}")]
        public static partial void Credentials(ILogger logger, LogLevel level, string accessKey, string secretSource, string advice);

        [LoggerMessage(4043, LogLevel.Warning, "No credentials configured (Auth:RootAccessKey / Auth:RootSecretKey): every request will be refused.")]
        public static partial void NoCredentials(ILogger logger);
    }
}
