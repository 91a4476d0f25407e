namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// Enum arguments of API operations bound from the route or query string are names of the enum only:
/// the framework's binding parses <c>?status=99</c> into an undefined value, which would then match
/// nothing or be stored. A number or an undefined value is a 400 naming the parameter (JSON bodies are
/// covered by <see cref="EnumNames{TEnum}"/>).
/// </summary>
internal static class DefinedEnumArguments
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((p, i) => (Index: i, Name: p.Name!, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(x => x.Type.IsEnum)
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var (index, name, type) in checks)
            {
                var raw = invocation.HttpContext.Request.Query[name].ToString();
                var numeric = raw.Length > 0 && raw.TrimStart('-', '+').All(char.IsAsciiDigit);
                if (numeric || (invocation.Arguments[index] is { } value && !Enum.IsDefined(type, value)))
                {
                    throw new RequestValidationException(name, $"'{name}' には次のいずれかを指定してください：{string.Join("、", Enum.GetNames(type))}。");
                }
            }

            return next(invocation);
        };
    }
}
