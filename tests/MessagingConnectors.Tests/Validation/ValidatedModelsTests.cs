using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using MessagingConnectors.SerwerSms;
using MessagingConnectors.Hosting;
using MessagingConnectors.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace MessagingConnectors.Tests.Validation;

/// <summary>The app no longer reads validation rules while it maps its endpoints, so what that check caught is caught here.</summary>
public class ValidatedModelsTests
{
    [Fact]
    public void EveryValidatedEndpoint_ChecksSomething()
    {
        var app = MessagingConnectorsApp.Build([], b => b.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        try
        {
            var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).ToList();
            var models = endpoints.Select(e => e.Metadata.GetMetadata<ValidatedModel>()?.Model).OfType<Type>().Distinct().ToList();

            Assert.Contains(typeof(SendSmsRequest), models);
            Assert.Contains(typeof(ClipsanAddLeadRequest), models);
            Assert.Contains(typeof(SerwerSmsSendSmsRequest), models);
            StartupWarmUp.PrepareValidation(endpoints);
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    [Fact]
    public void Prepare_RefusesAModelThatChecksNothing() =>
        Assert.Contains("would check nothing", Assert.Throws<InvalidOperationException>(() => DeclaredRules.Prepare(typeof(NothingDeclared))).Message);

    [Fact]
    public void Prepare_RefusesAFieldGroupNamingNoField() =>
        Assert.Contains("names Missing, which it has no field called", Assert.Throws<InvalidOperationException>(() => DeclaredRules.Prepare(typeof(GroupNamingNoField))).Message);

    public sealed class NothingDeclared
    {
        public string? Text { get; set; }
    }

    [FieldGroup("Missing")]
    public sealed class GroupNamingNoField
    {
        public string? Text { get; set; }
    }
}
