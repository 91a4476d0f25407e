using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Pages.Contracts;

/// <summary>Shared by Create and Edit: the form fields as text, turned into a <see cref="ContractRequest"/>.</summary>
public abstract class ContractFormModel(ContractService contracts, OrganizationService organizations) : PageModel
{
    [BindProperty]
    public ContractInput Input { get; set; } = new();

    public long? Id { get; protected set; }
    public bool IsEdit => Id is not null;
    public List<OrganizationDto> Departments { get; private set; } = [];
    public List<OrganizationDto> Contractors { get; private set; } = [];
    public IReadOnlyList<ProvisionSetSummaryDto> ProvisionSets { get; protected set; } = [];

    protected ContractService Contracts => contracts;

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        var all = await organizations.Visible()
            .Where(o => o.Kind == OrganizationKind.Department || o.Kind == OrganizationKind.Contractor)
            .OrderBy(o => o.Name).ToListAsync(ct);
        Departments = all.Where(o => o.Kind == OrganizationKind.Department).Select(o => o.ToDto()).ToList();
        Contractors = all.Where(o => o.Kind == OrganizationKind.Contractor).Select(o => o.ToDto()).ToList();
        await LoadMoreChoicesAsync(ct);
    }

    /// <summary>Choices only one of the forms needs (the provision sets, on Create).</summary>
    protected virtual Task LoadMoreChoicesAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs the service call, turning its validation errors into form errors.</summary>
    protected async Task<IActionResult> SubmitAsync(Func<ContractRequest, Task<ContractDto>> save, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var request = Input.ToRequest(out var lineError);
            if (lineError is not null)
            {
                ModelState.AddModelError("Input.WorkLocations", lineError);
            }
            else
            {
                var validation = new List<ValidationResult>();
                if (!Validator.TryValidateObject(request, new ValidationContext(request), validation, validateAllProperties: true))
                {
                    foreach (var v in validation)
                    {
                        ModelState.AddModelError("Input." + v.MemberNames.FirstOrDefault(), v.ErrorMessage ?? "");
                    }
                }
                else
                {
                    try
                    {
                        var saved = await save(request);
                        return Redirect($"/Contracts/{saved.Id}");
                    }
                    catch (RequestValidationException e)
                    {
                        ModelState.AddErrors(e);
                    }
                }
            }
        }

        await LoadChoicesAsync(ct);
        return Page();
    }

    public sealed class ContractInput
    {
        [Required(ErrorMessage = "契約番号を入力してください。"), StringLength(50, ErrorMessage = "契約番号は50文字以内で入力してください。")]
        public string Number { get; set; } = "";

        [Required(ErrorMessage = "件名を入力してください。"), StringLength(200, ErrorMessage = "件名は200文字以内で入力してください。")]
        public string Title { get; set; } = "";

        [Required(ErrorMessage = "所管課を指定してください。")]
        public long? ClientDepartmentId { get; set; }

        [Required(ErrorMessage = "受託者を指定してください。")]
        public long? ContractorId { get; set; }

        [Required(ErrorMessage = "契約開始日を入力してください。")]
        public DateOnly? StartDate { get; set; }

        [Required(ErrorMessage = "契約終了日を入力してください。")]
        public DateOnly? EndDate { get; set; }

        public ContractStatus Status { get; set; }
        public bool HandlesPersonalInformation { get; set; } = true;

        [StringLength(10000)]
        public string? InformationTypes { get; set; }

        [StringLength(10000)]
        public string? AccessMethods { get; set; }

        [StringLength(20000)]
        public string? WorkLocations { get; set; }

        /// <summary>On Create only: the set is frozen with the contract.</summary>
        public long? ProvisionSetId { get; set; }

        public static ContractInput From(ContractDto c) => new()
        {
            Number = c.Number,
            Title = c.Title,
            ClientDepartmentId = c.ClientDepartmentId,
            ContractorId = c.ContractorId,
            StartDate = c.StartDate,
            EndDate = c.EndDate,
            Status = c.Status,
            HandlesPersonalInformation = c.HandlesPersonalInformation,
            InformationTypes = string.Join('\n', c.InformationTypes),
            AccessMethods = string.Join('\n', c.AccessMethods),
            WorkLocations = string.Join('\n', c.WorkLocations.Select(l => $"{l.Name} | {l.Address}")),
        };

        public ContractRequest ToRequest(out string? lineError)
        {
            lineError = null;
            var locations = new List<WorkLocationDto>();
            foreach (var line in Lines(WorkLocations))
            {
                var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    lineError = $"作業場所「{line}」は「名称 | 所在地」の形で入力してください。";
                    break;
                }

                locations.Add(new WorkLocationDto(parts[0], parts[1]));
            }

            return new ContractRequest(Number, Title, ClientDepartmentId, ContractorId, StartDate, EndDate, Status,
                HandlesPersonalInformation, Lines(InformationTypes), Lines(AccessMethods), locations, ProvisionSetId);
        }

        private static List<string> Lines(string? text) =>
            (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
