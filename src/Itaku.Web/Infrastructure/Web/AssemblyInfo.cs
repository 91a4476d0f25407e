using Microsoft.Extensions.Localization;

// The assembly is named "itaku" (the command), but its resources are named after the root namespace.
[assembly: RootNamespace("Itaku.Web")]
