using Orleans.Multipart.Silo.Hosting;

var app = SiloApplication.Build(args);
app.Run();

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
