using System.CommandLine;

namespace Orleans.Multipart.Admin.Cli;

/// <summary>The options every command takes: where the service is, the administrator's key, and the output form.</summary>
internal sealed class GlobalOptions
{
    public const string AccessKeyVariable = "OMP_ADMIN_ACCESS_KEY";
    public const string SecretKeyVariable = "OMP_ADMIN_SECRET_KEY";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = "The service's HTTP address (the admin API is under /-/admin there).",
        DefaultValueFactory = _ => "http://localhost:8080",
        Recursive = true,
    };

    public Option<string?> AccessKey { get; } = new("--access-key")
    {
        Description = $"An administrator's access key id (default: ${AccessKeyVariable}).",
        Recursive = true,
    };

    public Option<string?> SecretKey { get; } = new("--secret-key")
    {
        Description = $"Its secret (default: ${SecretKeyVariable}; prefer the variable: arguments show in process lists).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON instead of tables.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Add(Endpoint);
        root.Add(AccessKey);
        root.Add(SecretKey);
        root.Add(Json);
    }

    public AdminClient Client(ParseResult parse)
    {
        var accessKey = parse.GetValue(AccessKey) ?? Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = parse.GetValue(SecretKey) ?? Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new UsageException($"An administrator's key is needed: --access-key/--secret-key or ${AccessKeyVariable}/${SecretKeyVariable}.");
        }

        var endpoint = parse.GetValue(Endpoint);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--endpoint '{endpoint}' is not an http:// or https:// address.");
        }

        return new AdminClient(uri, accessKey, secretKey);
    }
}

/// <summary>A command line the CLI cannot act on (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
