using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>On pages, the same expected exceptions become status codes (and the friendly error page), never a 500.</summary>
internal sealed class PageExceptionFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        int? status = context.Exception switch
        {
            NotFoundException => StatusCodes.Status404NotFound,
            ForbiddenException => StatusCodes.Status403Forbidden,
            ConflictException => StatusCodes.Status409Conflict,
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
            RequestValidationException => StatusCodes.Status400BadRequest,
            _ => null,
        };
        if (status is not null)
        {
            context.Result = new StatusCodeResult(status.Value);
            context.ExceptionHandled = true;
        }
    }
}
