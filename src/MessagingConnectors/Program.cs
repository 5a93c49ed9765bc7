using MessagingConnectors.Hosting;

var app = MessagingConnectorsApp.Build(args);
if (Cli.TryRun(app, args) is { } exitCode)
{
    return exitCode;
}

await app.RunAsync();
return 0;
