using MessagingConnectors.ClickSend;
using MessagingConnectors.Clipsan;
using MessagingConnectors.SerwerSms;
using Microsoft.AspNetCore.Routing;
using MessagingConnectors.Hosting;
using MessagingConnectors.Validation;

namespace MessagingConnectors.Tests.Validation;

/// <summary>The app reads a model's validation rules at its first request, so a model that checks nothing is caught here.</summary>
public class ValidatedModelsTests
{
    [Fact]
    public void EveryValidatedEndpoint_ChecksSomething()
    {
        var app = MessagingConnectorsApp.Build([], b => b.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true");
        try
        {
            var models = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints)
                .Select(e => e.Metadata.GetMetadata<ValidatedModel>()?.Model).OfType<Type>().Distinct().ToList();
            Assert.Contains(typeof(SendSmsRequest), models);
            Assert.Contains(typeof(ClipsanAddLeadRequest), models);
            Assert.Contains(typeof(SerwerSmsSendSmsRequest), models);
            Assert.All(models, DeclaredRules.Prepare);
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
