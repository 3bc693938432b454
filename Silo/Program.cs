using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Silo.Hosting;

var app = SiloApplication.Build(args);
var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
app.Lifetime.ApplicationStarted.Register(() =>
{
    var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Multipart");
    log.LogInformation("Orleans.Multipart listening on {Urls}; storage {Provider}, data in {DataPath}", string.Join(", ", app.Urls), storage.Provider, Path.GetFullPath(storage.DataPath));
    if (app.Environment.IsDevelopment() && auth.RootAccessKey is not null)
    {
        log.LogWarning("Development credentials: access key {AccessKey}, secret key {SecretKey} (set Auth__RootAccessKey / Auth__RootSecretKey in production)", auth.RootAccessKey, auth.RootSecretKey);
    }
    else if (auth.RootAccessKey is null)
    {
        log.LogWarning("No credentials configured (Auth:RootAccessKey / Auth:RootSecretKey): every request will be refused.");
    }
});
// A taken port (another silo on 11111, say) is one line naming it and exit code 1, not Orleans' stack trace.
return PortInUse.Run(() => app.Run(), app.Configuration, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Multipart"));

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
