using MessagingConnectors.Sandbox;

// Standalone: `MessagingConnectors.Sandbox [port]` serves every provider emulator on 127.0.0.1.
var port = args.Length > 0 && int.TryParse(args[0], out var requested) ? requested : 0;
await using var sandbox = await SandboxServer.StartAsync(port);
// Run by hand (./run.sh --sandbox, the browser test): the document's examples name data that is there.
sandbox.AddExamples();
Console.WriteLine($"sandbox listening on {sandbox.BaseAddress}");
Console.WriteLine($"  ClickSend base URL: {sandbox.ClickSendBaseUrl}  (username {sandbox.ClickSend.Username}, API key {sandbox.ClickSend.ApiKey})");
Console.WriteLine($"  Clipsan base URL: {sandbox.ClipsanBaseUrl}  (key {sandbox.Clipsan.Key}; notifications: PUT {sandbox.BaseAddress}_sandbox/clipsan/notification-url {{\"url\":...}}, then POST {sandbox.BaseAddress}_sandbox/clipsan/notify {{\"id\":455554}})");
Console.WriteLine($"  SerwerSMS base URL: {sandbox.SerwerSmsBaseUrl}  (token {sandbox.SerwerSms.Token}, or username {sandbox.SerwerSms.Username}, password {sandbox.SerwerSms.Password})");
await sandbox.WaitForShutdownAsync();
