using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The least an isolated worker can do and still answer GET /api/health through the Functions host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
await builder.Build().RunAsync();

namespace EmptyWorker
{
    public static class Health
    {
        [Function("GetHealth")]
        public static Task Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request) =>
            request.HttpContext.Response.WriteAsync("ok");
    }
}

