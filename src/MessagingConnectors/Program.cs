using MessagingConnectors.Hosting;

// The standalone host (Kestrel): run.sh, containers, tests. Under Azure, src/MessagingConnectors.Functions hosts the
// same pipeline on the isolated worker.
await MessagingConnectorsApp.Build(args).RunAsync();
