using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The floor the app's worker is measured against under the same Functions host: the least an isolated worker can do
// and still answer GET /api/health (startup), and one function that passes Send SMS through to the provider with an
// HttpClient (the cost of the host and the worker without the app).
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

    public static class PassThrough
    {
        // ClickSend's base URL (the sandbox's in the bench), as the app reads it.
        private static readonly Uri Upstream = new((Environment.GetEnvironmentVariable("ClickSend__BaseUrl") ?? "http://127.0.0.1:1/").TrimEnd('/') + "/sms/send");

        private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        [Function("SendSms")]
        public static async Task Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "clicksend/sms/send")] HttpRequest request)
        {
            using var forward = new HttpRequestMessage(HttpMethod.Post, Upstream) { Content = new StreamContent(request.Body) };
            forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
            forward.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
            using var answer = await Client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, request.HttpContext.RequestAborted);
            var response = request.HttpContext.Response;
            response.StatusCode = (int)answer.StatusCode;
            response.ContentType = answer.Content.Headers.ContentType?.ToString();
            await answer.Content.CopyToAsync(response.Body, request.HttpContext.RequestAborted);
        }
    }
}
