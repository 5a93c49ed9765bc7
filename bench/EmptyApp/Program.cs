// The startup baseline: the least an ASP.NET Core app can do and still answer GET /api/health.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/api/health", () => Results.Ok());
await app.RunAsync();
