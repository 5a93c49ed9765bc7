using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MessagingConnectors.OpenApi;

/// <summary><c>x-ms-summary</c>, description and <c>x-ms-visibility</c> on query and header parameters, from <see cref="ApiFieldAttribute"/>.</summary>
internal sealed class ApiFieldParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var field = context.ParameterInfo?.GetCustomAttribute<ApiFieldAttribute>() ?? context.PropertyInfo?.GetCustomAttribute<ApiFieldAttribute>();
        if (field is null || parameter is not OpenApiParameter target)
        {
            return;
        }

        target.Description = field.Description;
        // Handlers take optional strings and validate them themselves (a clear 400 naming the field); [Required] says what the document promises.
        if (context.ParameterInfo?.GetCustomAttribute<RequiredAttribute>() is not null)
        {
            target.Required = true;
        }

        target.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        target.Extensions["x-ms-summary"] = ApiDocuments.Extension(field.Summary);
        if (field.Visibility != Visibility.Default)
        {
            target.Extensions["x-ms-visibility"] = ApiDocuments.Extension(ApiDocuments.VisibilityValue(field.Visibility));
        }
    }
}
