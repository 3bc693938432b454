using Orleans.Multipart.Gateway;
using Orleans.Multipart.Silo.Hosting;

var app = SiloApplication.Build(args);
// A taken port (another silo on 11111, say) is one line naming it and exit code 1, not Orleans' stack trace.
return PortInUse.Run(() => app.Run(), app.Configuration, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Multipart"));

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
