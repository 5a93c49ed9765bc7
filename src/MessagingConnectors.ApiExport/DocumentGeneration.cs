using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MessagingConnectors.Hosting;
using MessagingConnectors.Idempotency;
using MessagingConnectors.OpenApi;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MessagingConnectors.ApiExport;

/// <summary>
/// Generates the OpenAPI document from the app's endpoint metadata (Swashbuckle reading the API explorer). It runs
/// here, at export time, not in the app: the app serves the documents this writes, so neither host pays for
/// generating them at startup, and the connectors, the served documents and the worker's functions come from one run.
/// </summary>
public static class DocumentGeneration
{
    public const string DocumentName = "v1";
    public const string FunctionKeyScheme = "function_key";

    public static IServiceCollection AddDocumentGeneration(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Messaging Connectors",
                Version = "1.0",
                Description = "Send and receive messages through ClickSend, SerwerSMS and Clipsan from Power Automate, Logic Apps and any HTTPS client.",
            });
            options.CustomSchemaIds(SchemaId);
            options.SupportNonNullableReferenceTypes();
            // A file input is read from a string (URL, media id or base64) or a file content object; designers offer the string.
            options.MapType<Media.FileInput>(() => new OpenApiSchema { Type = JsonSchemaType.String });
            options.SchemaFilter<ApiFieldSchemaFilter>();
            options.SchemaFilter<DeclaredRulesSchemaFilter>();
            options.SchemaFilter<FrameworkSchemaFilter>();
            options.OperationFilter<PowerPlatformOperationFilter>();
            options.OperationFilter<ParameterConventionsOperationFilter>();
            options.OperationFilter<DeclaredRulesOperationFilter>();
            options.OperationFilter<FileUploadOperationFilter>();
            options.OperationFilter<KeyedOperationFilter>();
            options.OperationFilter<RequestBodyProblemsOperationFilter>();
            options.OperationFilter<ResponseHeadersOperationFilter>();
            options.OperationFilter<ResponsesByStatusOperationFilter>();
            options.DocumentFilter<BasePathDocumentFilter>();
            options.DocumentFilter<TriggerDocumentFilter>();
            options.DocumentFilter<PollingTriggerDocumentFilter>();
            options.DocumentFilter<ConnectorMetadataDocumentFilter>();
            options.AddSecurityDefinition(FunctionKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyMiddleware.Header,
                Description = "The Azure Functions function key (or the app's own API key when it runs standalone).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(FunctionKeyScheme, document)] = [],
            });

            // The provider credentials a caller may send with the function key; without them the app's settings are used
            // (a single-tenant install), so each set is one more alternative beside the key alone.
            options.AddSecurityDefinition(ClickSendBasicScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "ClickSend username and API key as Basic credentials.",
            });
            foreach (var (scheme, header, description) in ProviderCredentialHeaders)
            {
                options.AddSecurityDefinition(scheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = header,
                    Description = description,
                });
            }

            foreach (var credentials in ProviderCredentialSets)
            {
                options.AddSecurityRequirement(document =>
                {
                    var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(FunctionKeyScheme, document)] = [] };
                    foreach (var scheme in credentials)
                    {
                        requirement[new OpenApiSecuritySchemeReference(scheme, document)] = [];
                    }

                    return requirement;
                });
            }
        });
        return services;
    }

    public const string ClickSendBasicScheme = "clicksend_basic";

    /// <summary>The provider credential headers the app reads (see README, Credentials and access), as security schemes.</summary>
    public static readonly IReadOnlyList<(string Scheme, string Header, string Description)> ProviderCredentialHeaders =
    [
        ("clicksend_username", ClickSend.ClickSendAccount.UsernameHeader, "ClickSend username, with X-ClickSend-ApiKey, when the Authorization header is taken."),
        ("clicksend_api_key", ClickSend.ClickSendAccount.ApiKeyHeader, "ClickSend API key, with X-ClickSend-Username."),
        ("serwersms_token", SerwerSms.SerwerSmsAccount.TokenHeader, "SerwerSMS API token."),
        ("serwersms_username", SerwerSms.SerwerSmsAccount.UsernameHeader, "SerwerSMS API user, with X-SerwerSMS-Password (instead of a token)."),
        ("serwersms_password", SerwerSms.SerwerSmsAccount.PasswordHeader, "SerwerSMS API user's password."),
        ("clipsan_key", Clipsan.ClipsanAccount.KeyHeader, "Clipsan secure key."),
    ];

    /// <summary>Each whole set of one provider's credentials, sent beside the function key.</summary>
    private static readonly string[][] ProviderCredentialSets =
    [
        [ClickSendBasicScheme],
        ["clicksend_username", "clicksend_api_key"],
        ["serwersms_token"],
        ["serwersms_username", "serwersms_password"],
        ["clipsan_key"],
    ];

    /// <summary>The document of an app built with <see cref="AddDocumentGeneration"/>.</summary>
    public static OpenApiDocument Generate(WebApplication app)
    {
        // The server is not started, so the routes have not reached the endpoint data source the
        // API explorer reads yet; UseEndpoints registers them there.
        app.UseEndpoints(_ => { });
        return app.Services.GetRequiredService<ISwaggerProvider>().GetSwagger(DocumentName);
    }

    public static string Serialize(OpenApiDocument document, OpenApiSpecVersion version)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var writer = new OpenApiJsonWriter(text);
        if (version == OpenApiSpecVersion.OpenApi2_0)
        {
            var examples = WithParameterExamples(document);
            document.SerializeAsV2(writer);
            examples.ForEach(parameter => parameter.Extensions!.Remove(ParameterExampleExtension));
            return WithFileParameters(text.ToString());
        }

        var uploads = WithJsonUploadsFirst(document);
        document.SerializeAsV3(writer);
        uploads.ForEach(restore => restore());
        return text.ToString();
    }

    /// <summary>
    /// Puts an upload's JSON form first, for the one OpenAPI 3 write: Kiota 1.38 generates its upload call for the first
    /// content type, and for multipart/form-data it generates a model class that its multipart serializer refuses at run
    /// time ("Expected a MultiPartBody instance", microsoft/kiota#6451), while the JSON form works in every client.
    /// Returns how to undo it.
    /// </summary>
    private static List<Action> WithJsonUploadsFirst(OpenApiDocument document)
    {
        var undo = new List<Action>();
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.Extensions?.ContainsKey(FileUploadOperationFilter.JsonFormExtension) != true
                || operation.RequestBody is not OpenApiRequestBody { Content: { } content } body)
            {
                continue;
            }

            body.Content = content.OrderBy(c => c.Key == System.Net.Mime.MediaTypeNames.Application.Json ? 0 : 1).ToDictionary();
            undo.Add(() => body.Content = content);
        }

        return undo;
    }

    private const string ParameterExampleExtension = "x-example";

    /// <summary>
    /// Swagger 2.0 has no parameter example and its writer drops OpenAPI 3's: each goes in as <c>x-example</c>, which
    /// Swagger UI fills "Try it out" with, for the one write. Returns the parameters it was added to.
    /// </summary>
    private static List<OpenApiParameter> WithParameterExamples(OpenApiDocument document)
    {
        var added = new List<OpenApiParameter>();
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Example is { } example && parameter.Extensions?.ContainsKey(ParameterExampleExtension) != true)
                {
                    parameter.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    parameter.Extensions[ParameterExampleExtension] = new JsonNodeExtension(example.DeepClone());
                    added.Add(parameter);
                }
            }
        }

        return added;
    }

    /// <summary>
    /// An upload's multipart file as Swagger 2.0 says it (<c>type: file</c>), which Swagger UI shows as a file picker: the
    /// serializer writes OpenAPI 3's binary string as a plain string.
    /// </summary>
    private static string WithFileParameters(string swagger)
    {
        var document = JsonNode.Parse(swagger)!;
        var changed = false;
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || !op.ContainsKey(FileUploadOperationFilter.JsonFormExtension))
                {
                    continue;
                }

                foreach (var parameter in op["parameters"]?.AsArray() ?? [])
                {
                    if ((string?)parameter!["in"] == "formData")
                    {
                        parameter["type"] = "file";
                        parameter["x-ms-summary"] = "File";
                        changed = true;
                    }
                }
            }
        }

        return changed
            ? document.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            })
            : swagger;
    }

    /// <summary>Plain identifiers for schema names: <c>ClickSendEnvelope&lt;SmsSendData&gt;</c> becomes <c>ClickSendEnvelopeOfSmsSendData</c>.</summary>
    public static string SchemaId(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaId));
    }

    internal static JsonNodeExtension Extension(string value) => new(JsonValue.Create(value));

    /// <summary>A problem answer a filter states for an operation, as the framework's <c>ProducesProblem</c> would.</summary>
    internal static OpenApiResponse ProblemResponse(OperationFilterContext context, string description, Type problem) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [System.Net.Mime.MediaTypeNames.Application.ProblemJson] = new()
            {
                Schema = context.SchemaGenerator.GenerateSchema(problem, context.SchemaRepository),
            },
        },
    };

    internal static string VisibilityValue(Visibility visibility) => visibility.ToString().ToLowerInvariant();
}

/// <summary>Puts every path under <c>basePath: /api</c>, as a connector expects.</summary>
internal sealed class BasePathDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths.Add(path.StartsWith(ApiDocuments.BasePath + "/", StringComparison.Ordinal) ? path[ApiDocuments.BasePath.Length..] : path, item);
        }

        document.Paths = paths;
        document.Servers = [new OpenApiServer { Url = ApiDocuments.BasePath }];
    }
}

/// <summary><c>x-ms-summary</c>, description and <c>x-ms-visibility</c> on every property, from <see cref="ApiFieldAttribute"/>.</summary>
internal sealed class ApiFieldSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null)
        {
            return;
        }

        var properties = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        if (properties.Any(p => p.IsDefined(typeof(JsonExtensionDataAttribute))))
        {
            // Unknown provider fields pass through, but an empty additionalProperties schema is
            // nothing a designer can show: the document lists the known fields only.
            target.AdditionalProperties = null;
            target.AdditionalPropertiesAllowed = true;
        }

        foreach (var property in properties)
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            var field = property.GetCustomAttribute<ApiFieldAttribute>();
            if (name is null || field is null || !target.Properties.TryGetValue(name, out var propertySchema)
                || propertySchema is not OpenApiSchema propertyTarget)
            {
                continue;
            }

            propertyTarget.Description = field.Description;
            propertyTarget.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            propertyTarget.Extensions["x-ms-summary"] = DocumentGeneration.Extension(field.Summary);
            if (field.Visibility != Visibility.Default)
            {
                propertyTarget.Extensions["x-ms-visibility"] = DocumentGeneration.Extension(DocumentGeneration.VisibilityValue(field.Visibility));
            }

            if (field.NotificationUrl)
            {
                propertyTarget.Extensions["x-ms-notification-url"] = new JsonNodeExtension(JsonValue.Create(true));
            }

            if (property.GetCustomAttribute<DynamicValuesAttribute>() is { } dynamicValues)
            {
                var picked = propertyTarget.Type?.HasFlag(JsonSchemaType.Array) == true && propertyTarget.Items is OpenApiSchema items ? items : propertyTarget;
                picked.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                picked.Extensions["x-ms-dynamic-values"] = new JsonNodeExtension(dynamicValues.ToJson());
            }

            if (field.Required)
            {
                DeclaredRulesDocumentation.Require(target, name, propertyTarget);
            }
        }
    }
}

/// <summary>Operation-level Power Platform extensions and the Idempotency-Key header of sends.</summary>
internal sealed class PowerPlatformOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<VisibilityMetadata>().LastOrDefault() is { } visibility)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-ms-visibility"] = DocumentGeneration.Extension(DocumentGeneration.VisibilityValue(visibility.Visibility));
        }

        foreach (var description in context.ApiDescription.ParameterDescriptions)
        {
            var field = (description.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)
                ?.ParameterInfo.GetCustomAttribute<ApiFieldAttribute>();
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name);
            if (field is null || parameter is null)
            {
                continue;
            }

            parameter.Description = field.Description;
            parameter.Required |= field.Required || parameter.In == ParameterLocation.Path;
            parameter.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            parameter.Extensions["x-ms-summary"] = DocumentGeneration.Extension(field.Summary);
            if (field.Visibility != Visibility.Default)
            {
                parameter.Extensions["x-ms-visibility"] = DocumentGeneration.Extension(DocumentGeneration.VisibilityValue(field.Visibility));
            }

            if (parameter.In == ParameterLocation.Path)
            {
                parameter.Extensions["x-ms-url-encoding"] = DocumentGeneration.Extension("single");
            }

            if ((description.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)
                ?.ParameterInfo.GetCustomAttribute<DynamicValuesAttribute>() is { } dynamicValues)
            {
                parameter.Extensions["x-ms-dynamic-values"] = new JsonNodeExtension(dynamicValues.ToJson());
            }
        }

        if (metadata.OfType<SendsOnceMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any unique value per intended send; a repeat with the same key returns the first outcome instead of sending again. Logic Apps and Power Automate runs are deduplicated without it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxKeyLength },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-ms-summary"] = DocumentGeneration.Extension("Idempotency Key"),
                    ["x-ms-visibility"] = DocumentGeneration.Extension("advanced"),
                },
            });
        }
    }
}

/// <summary>
/// An upload's three forms (<see cref="Media.FileUploadMetadata"/>) as its request body. Swagger 2.0 has one body per
/// operation: it gets the multipart form (a file parameter Swagger UI and generated clients can fill), with every
/// content type listed; OpenAPI 3 gets all three. The connectors take the JSON form (see <see cref="ConnectorExport"/>).
/// </summary>
internal sealed class FileUploadOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Media.FileUploadMetadata>().LastOrDefault() is not { } upload)
        {
            return;
        }

        // Multipart first: the Swagger 2.0 writer makes formData parameters only of a first form content type. OpenAPI 3
        // is written with the JSON form first (DocumentGeneration.Serialize).
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [upload.FilePart] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file." },
                    },
                    Required = new HashSet<string> { upload.FilePart },
                },
            },
            ["application/json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(upload.JsonForm, context.SchemaRepository) },
        };
        foreach (var type in upload.RawTypes)
        {
            content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        // Which definition is the JSON form, for the connector export; it takes the extension off again.
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[JsonFormExtension] = DocumentGeneration.Extension(DocumentGeneration.SchemaId(upload.JsonForm));
    }

    public const string JsonFormExtension = "x-json-form";
}

/// <summary>
/// Every operation behind the function key (all but the anonymous ones) answers 401 without it: the document says so,
/// whether or not the endpoint also calls a provider.
/// </summary>
internal sealed class KeyedOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<FunctionAuthLevelMetadata>().LastOrDefault()?.Level == FunctionAuthLevelMetadata.Anonymous
            || operation.Responses is not { } responses || responses.ContainsKey("401"))
        {
            return;
        }

        responses["401"] = DocumentGeneration.ProblemResponse(context, "Unauthorized", typeof(Microsoft.AspNetCore.Mvc.ProblemDetails));
    }
}

/// <summary>
/// What every operation that reads a body can answer about the body itself: 413 when it is larger than the operation
/// takes (<see cref="BodySizeLimitMiddleware"/>), 415 when its content type is not one the operation reads.
/// </summary>
internal sealed class RequestBodyProblemsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody is null || operation.Responses is not { } responses)
        {
            return;
        }

        responses.TryAdd("413", DocumentGeneration.ProblemResponse(context, "Content Too Large", typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)));
        responses.TryAdd("415", DocumentGeneration.ProblemResponse(context, "Unsupported Media Type", typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)));
    }
}

/// <summary>
/// The headers the app sets on answers, declared on each response that can carry them so generated clients expose them:
/// <c>Idempotent-Replayed</c> on every answer of a send (a repeat gets the first outcome, whatever its status) and
/// <c>Retry-After</c> on a 429 (the provider throttling) and on a send's 409 (the first request still running).
/// </summary>
internal sealed class ResponseHeadersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var sendsOnce = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<SendsOnceMetadata>().Any();
        foreach (var (status, answer) in operation.Responses ?? [])
        {
            if (answer is not OpenApiResponse response)
            {
                continue;
            }

            if (sendsOnce)
            {
                Add(response, IdempotencyKeys.ReplayedHeader, JsonSchemaType.Boolean,
                    "true when this is the stored answer of an earlier request with the same Idempotency-Key (nothing was sent again).");
            }

            if (status == "429" || (sendsOnce && status == "409"))
            {
                Add(response, Microsoft.Net.Http.Headers.HeaderNames.RetryAfter, JsonSchemaType.Integer, "Seconds to wait before trying again.");
            }
        }
    }

    private static void Add(OpenApiResponse response, string name, JsonSchemaType type, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }
}

/// <summary>
/// Lists an operation's answers by status: group conventions (a provider's problems) and the filters add theirs
/// before and after an endpoint's own.
/// </summary>
internal sealed class ResponsesByStatusOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is not { Count: > 1 } responses)
        {
            return;
        }

        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses.Add(status, response);
        }
    }
}

/// <summary>
/// What <see cref="ParameterConventions"/> enforces, stated on each operation: route ids have <c>minimum: 1</c>, and an
/// operation with a number or true/false parameter lists the 400 those conventions answer.
/// </summary>
internal sealed class ParameterConventionsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var typed = false;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Schema is not OpenApiSchema schema || schema.Type is not (JsonSchemaType.Integer or JsonSchemaType.Boolean))
            {
                continue;
            }

            typed = true;
            if (parameter.In == ParameterLocation.Path && schema.Type == JsonSchemaType.Integer)
            {
                schema.Minimum = ParameterConventions.MinimumId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (typed && operation.Responses is { } responses && !responses.ContainsKey("400"))
        {
            responses["400"] = DocumentGeneration.ProblemResponse(context, "Bad Request", typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails));
        }
    }
}

/// <summary>
/// The Power Platform webhook trigger shape: <c>x-ms-trigger: single</c> on the subscribe operation,
/// a 201 with the unsubscribe Location, and <c>x-ms-notification-content</c> with the payload schema on its path.
/// </summary>
internal sealed class TriggerDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var (trigger, pathItem) in TriggerPaths.Of<Webhooks.TriggerMetadata>(document, context))
        {

            // Registers the payload under definitions, where the $ref below points.
            context.SchemaGenerator.GenerateSchema(trigger.Payload, context.SchemaRepository);
            pathItem.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            pathItem.Extensions["x-ms-notification-content"] = new NotificationContentExtension(trigger.Description, DocumentGeneration.SchemaId(trigger.Payload));

            if (pathItem.Operations?.TryGetValue(HttpMethod.Post, out var operation) == true)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-ms-trigger"] = DocumentGeneration.Extension("single");
                operation.Extensions["x-ms-trigger-hint"] = DocumentGeneration.Extension(trigger.Hint);
                if (operation.Responses?.TryGetValue("201", out var created) == true && created is OpenApiResponse response)
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    response.Headers["Location"] = new OpenApiHeader
                    {
                        Description = "The URL Power Automate calls with DELETE to unsubscribe.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }
        }
    }
}

/// <summary>
/// <c>x-ms-notification-content</c>: the trigger payload's description and a reference to its schema where each version keeps
/// schemas (<c>#/definitions/</c> in Swagger 2.0, <c>#/components/schemas/</c> in OpenAPI 3), so the reference resolves in
/// both documents (openapi-typescript refuses a document with one that does not).
/// </summary>
internal sealed class NotificationContentExtension(string description, string schemaId) : IOpenApiExtension
{
    public void Write(IOpenApiWriter writer, OpenApiSpecVersion specVersion)
    {
        var schemas = specVersion == OpenApiSpecVersion.OpenApi2_0 ? "#/definitions/" : "#/components/schemas/";
        new JsonNodeExtension(new JsonObject
        {
            ["description"] = description,
            ["schema"] = new JsonObject { ["$ref"] = schemas + schemaId },
        }).Write(writer, specVersion);
    }
}

/// <summary>The document's path items of the operations whose endpoints carry a trigger's metadata.</summary>
internal static class TriggerPaths
{
    public static IEnumerable<(TMetadata Trigger, OpenApiPathItem PathItem)> Of<TMetadata>(OpenApiDocument document, DocumentFilterContext context)
        where TMetadata : class
    {
        foreach (var description in context.ApiDescriptions)
        {
            var trigger = description.ActionDescriptor.EndpointMetadata.OfType<TMetadata>().FirstOrDefault();
            var path = "/" + description.RelativePath?.Split('?')[0];
            if (trigger is not null && path.StartsWith(ApiDocuments.BasePath + "/", StringComparison.Ordinal)
                && document.Paths.TryGetValue(path[ApiDocuments.BasePath.Length..], out var item) && item is OpenApiPathItem pathItem)
            {
                yield return (trigger, pathItem);
            }
        }
    }
}

/// <summary>
/// The Power Platform polling trigger shape: <c>x-ms-trigger: batch</c> with <c>x-ms-trigger-metadata</c> (kind query,
/// mode polling) on the GET, its 200 an array of the items and its 202 (nothing new) with Location and Retry-After.
/// </summary>
internal sealed class PollingTriggerDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var (trigger, pathItem) in TriggerPaths.Of<SerwerSms.PollingTriggerMetadata>(document, context))
        {
            if (pathItem.Operations?.TryGetValue(HttpMethod.Get, out var operation) != true || operation is null)
            {
                continue;
            }

            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-ms-trigger"] = DocumentGeneration.Extension("batch");
            operation.Extensions["x-ms-trigger-hint"] = DocumentGeneration.Extension(trigger.Hint);
            operation.Extensions["x-ms-trigger-metadata"] = new JsonNodeExtension(new JsonObject { ["kind"] = "query", ["mode"] = "polling" });
            var headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Location"] = new OpenApiHeader
                {
                    Description = "The URL of the next poll, carrying where this one stopped.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds until the next poll.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                },
            };
            if (operation.Responses?.TryGetValue("202", out var accepted) == true && accepted is OpenApiResponse acceptedResponse)
            {
                acceptedResponse.Description = "Nothing new since the last poll.";
                acceptedResponse.Headers = headers;
            }

            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse okResponse)
            {
                okResponse.Description = "The messages received since the last poll, oldest first; each starts a run.";
                okResponse.Headers = new Dictionary<string, IOpenApiHeader>(headers);
            }
        }
    }
}

/// <summary>Labels and descriptions for the framework's problem details types, which carry no <see cref="ApiFieldAttribute"/>.</summary>
internal sealed class FrameworkSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<string, (string Summary, string Description)> ProblemFields = new(StringComparer.Ordinal)
    {
        ["type"] = ("Problem Type", "A URI that identifies the kind of problem."),
        ["title"] = ("Title", "A short summary of the kind of problem."),
        ["status"] = ("Status", "The HTTP status code of the answer."),
        ["detail"] = ("Detail", "What went wrong in this call, in a sentence."),
        ["instance"] = ("Instance", "The request path the problem is about."),
    };

    private static readonly Dictionary<string, (string Summary, string Description)> MemberFields =
        Hosting.Problems.Members.All.ToDictionary(m => m.Name, m => (m.Summary, m.Description), StringComparer.Ordinal);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null
            || !typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.Type))
        {
            return;
        }

        // The members the app adds (provider failures, rejected recipients, field errors, the trace id) are declared with
        // their types, so a generated client reads them typed; nothing else is sent, which additionalProperties: false
        // states and the suite's contract check holds every answer to.
        foreach (var (name, type, _, _) in Hosting.Problems.Members.All)
        {
            if (!target.Properties.ContainsKey(name))
            {
                target.Properties[name] = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
            }
        }

        target.AdditionalProperties = null;
        target.AdditionalPropertiesAllowed = false;
        foreach (var (name, property) in target.Properties)
        {
            if (property is OpenApiSchema field && (ProblemFields.TryGetValue(name, out var text) || MemberFields.TryGetValue(name, out text)))
            {
                field.Description = text.Description;
                field.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                field.Extensions["x-ms-summary"] = DocumentGeneration.Extension(text.Summary);
            }
        }
    }
}

/// <summary>The publisher contact and <c>x-ms-connector-metadata</c> of the whole document.</summary>
internal sealed class ConnectorMetadataDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Info.Contact = new OpenApiContact { Name = ConnectorProfiles.PublisherName };
        document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        document.Extensions["x-ms-connector-metadata"] = new JsonNodeExtension(new JsonArray(
            new JsonObject { ["propertyName"] = "Categories", ["propertyValue"] = ConnectorProfiles.Categories }));
    }
}
