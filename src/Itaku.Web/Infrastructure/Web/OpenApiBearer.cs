using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>Describes the bearer tokens in the OpenAPI document so that Swagger UI's Authorize button works.</summary>
internal sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Itaku API";
        document.Info.Description = "情報セキュリティ特記事項の運用と証跡 / information-security provisions, run and proven. " +
            "Get a token with POST /api/v1/tokens, then send it as `Authorization: Bearer <token>`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Opaque token from POST /api/v1/tokens or a personal access token.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
