using System.CommandLine;
using Orleans.Multipart.Admin.Cli;

// omp-admin: accounts, keys, buckets, grants, policies and open uploads through the admin API (/-/admin).
var options = new GlobalOptions();
var run = new CommandRunner(options);
var root = new RootCommand("omp-admin: administer an Orleans.Multipart service through its admin API (SigV4-signed with an administrator's key).");
options.AddTo(root);
root.Add(AccountCommands.Build(run));
root.Add(KeyCommands.Build(run));
root.Add(BucketCommands.Build(run));
root.Add(GrantCommands.Build(run));
root.Add(PolicyCommands.Build(run));
root.Add(UploadCommands.Build(run));
return await root.Parse(args).InvokeAsync();
