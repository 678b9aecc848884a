"use client";

import { useEffect, useState, useTransition } from "react";
import { useForm, useWatch, type Control } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { catalogFieldHelp, catalogSettingsFormSchema, type CatalogSettingsForm } from "@/lib/schemas/catalog-settings";
import type { CatalogOption, CatalogOptions } from "@/lib/actions/catalog";
import { listCatalogOptions, listCatalogSubcategories, saveCatalogSettings } from "@/lib/server-actions/catalog";

const selectClassName =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 aria-invalid:border-destructive h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] disabled:opacity-50";

const emptyForm = {
  productTypeId: undefined,
  categoryId: undefined,
  subcategoryId: undefined,
  unitOfMeasureId: null,
  identifierPrefix: "SASE-",
  pricePolicy: "suggested",
  markupPercent: null,
  taxable: false,
} as unknown as CatalogSettingsForm;

function numberOrUndefined(value: string): number | undefined {
  return value === "" ? undefined : Number(value);
}

function OptionList({ options, placeholder }: { options: CatalogOption[]; placeholder: string }) {
  return (
    <>
      <option value="">{placeholder}</option>
      {options.map((option) => (
        <option key={option.id} value={option.id}>
          {option.name}
          {option.isDefault ? " (default)" : ""}
        </option>
      ))}
    </>
  );
}

/** One ConnectWise setup-table dropdown of the form; an empty choice is "none" (null) for the unit, "unset" otherwise. */
function LookupField({
  control,
  name,
  label,
  options,
  placeholder,
  disabled,
  onChoose,
}: {
  control: Control<CatalogSettingsForm>;
  name: "productTypeId" | "unitOfMeasureId" | "categoryId" | "subcategoryId";
  label: string;
  options: CatalogOption[];
  placeholder: string;
  disabled: boolean;
  onChoose?: (id: number | undefined) => void;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <select
              className={selectClassName}
              disabled={disabled}
              value={field.value ?? ""}
              onBlur={field.onBlur}
              onChange={(event) => {
                const id = numberOrUndefined(event.target.value);
                field.onChange(name === "unitOfMeasureId" ? (id ?? null) : id);
                onChoose?.(id);
              }}
            >
              <OptionList options={options} placeholder={placeholder} />
            </select>
          </FormControl>
          <FormDescription>{catalogFieldHelp[name]}</FormDescription>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** Owners' and admins' editor of the catalog settings; the dropdowns are read from ConnectWise. */
export function CatalogSettingsEditor({ initial }: { initial: CatalogSettingsForm | null }) {
  const form = useForm<CatalogSettingsForm>({
    resolver: zodResolver(catalogSettingsFormSchema),
    defaultValues: initial ?? emptyForm,
    mode: "onTouched",
  });
  const [options, setOptions] = useState<CatalogOptions | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [loadingSubcategories, setLoadingSubcategories] = useState(false);
  const [saving, startSaving] = useTransition();

  useEffect(() => {
    let cancelled = false;
    listCatalogOptions({ categoryId: initial?.categoryId ?? null }).then((result) => {
      if (cancelled) return;
      if (result.ok) setOptions(result.data);
      else setLoadProblem(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [initial?.categoryId]);

  async function chooseCategory(categoryId: number | undefined) {
    form.setValue("subcategoryId", undefined as unknown as number);
    if (!categoryId) {
      setOptions((current) => (current ? { ...current, subcategories: [] } : current));
      return;
    }
    setLoadingSubcategories(true);
    const result = await listCatalogSubcategories({ categoryId });
    setLoadingSubcategories(false);
    if (!result.ok) {
      setLoadProblem(result.error);
      return;
    }
    setOptions((current) => (current ? { ...current, subcategories: result.data } : current));
    if (result.data.length === 0) {
      form.setError("subcategoryId", {
        message: "This category has no active subcategory. Add one in ConnectWise or choose another category.",
      });
    }
  }

  const save = form.handleSubmit((values) => {
    startSaving(async () => {
      const result = await saveCatalogSettings(values);
      if (result.ok) {
        toast.success(result.data.message);
        form.reset(values);
        return;
      }
      toast.error(result.error);
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        form.setError(field as keyof CatalogSettingsForm, { message });
      }
    });
  });

  const pricePolicy = useWatch({ control: form.control, name: "pricePolicy" });
  const disabled = saving || options === null;

  return (
    <Form {...form}>
      <form onSubmit={save} className="grid gap-4" noValidate aria-busy={options === null && !loadProblem}>
        {loadProblem ? (
          <Alert variant="destructive">
            <AlertCircle aria-hidden />
            <AlertTitle>Could not read ConnectWise&apos;s setup tables</AlertTitle>
            <AlertDescription>{loadProblem}</AlertDescription>
          </Alert>
        ) : options === null ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm" role="status">
            <Loader2 className="size-4 animate-spin" aria-hidden /> Reading product types, categories and units from
            ConnectWise…
          </p>
        ) : options.categories.length === 0 ? (
          <Alert variant="destructive">
            <AlertCircle aria-hidden />
            <AlertTitle>ConnectWise has no active product category</AlertTitle>
            <AlertDescription>
              Every catalog item needs a category and a subcategory. Create them in ConnectWise (System › Setup Tables ›
              Product Category), then reload this page.
            </AlertDescription>
          </Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <LookupField
            control={form.control}
            name="productTypeId"
            label="Product type"
            options={options?.productTypes ?? []}
            placeholder="Choose a product type"
            disabled={disabled}
          />
          <LookupField
            control={form.control}
            name="unitOfMeasureId"
            label="Unit of measure"
            options={options?.unitsOfMeasure ?? []}
            placeholder="ConnectWise's default unit"
            disabled={disabled}
          />
          <LookupField
            control={form.control}
            name="categoryId"
            label="Category"
            options={options?.categories ?? []}
            placeholder="Choose a category"
            disabled={disabled}
            onChoose={(categoryId) => void chooseCategory(categoryId)}
          />
          <LookupField
            control={form.control}
            name="subcategoryId"
            label="Subcategory"
            options={options?.subcategories ?? []}
            placeholder={loadingSubcategories ? "Loading…" : "Choose a subcategory"}
            disabled={disabled || loadingSubcategories}
          />
          <FormField
            control={form.control}
            name="identifierPrefix"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Product ID prefix</FormLabel>
                <FormControl>
                  <Input {...field} maxLength={20} spellCheck={false} autoComplete="off" disabled={saving} />
                </FormControl>
                <FormDescription>{catalogFieldHelp.identifierPrefix}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="taxable"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Taxable</FormLabel>
                <div className="flex h-9 items-center gap-2">
                  <FormControl>
                    <input
                      type="checkbox"
                      className="accent-primary size-4"
                      checked={field.value}
                      onBlur={field.onBlur}
                      onChange={(event) => field.onChange(event.target.checked)}
                      disabled={saving}
                    />
                  </FormControl>
                  <span className="text-sm">Mark the items taxable</span>
                </div>
                <FormDescription>{catalogFieldHelp.taxable}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <fieldset className="grid gap-2" disabled={saving}>
          <legend className="text-sm font-medium">Price</legend>
          <p className="text-muted-foreground text-sm">{catalogFieldHelp.pricePolicy}</p>
          <FormField
            control={form.control}
            name="pricePolicy"
            render={({ field }) => (
              <div className="grid gap-2" role="radiogroup" aria-label="Price policy">
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    className="accent-primary"
                    name={field.name}
                    value="suggested"
                    checked={field.value === "suggested"}
                    onChange={() => field.onChange("suggested")}
                  />
                  The vendor&apos;s suggested price
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    className="accent-primary"
                    name={field.name}
                    value="markup"
                    checked={field.value === "markup"}
                    onChange={() => field.onChange("markup")}
                  />
                  Cost plus a markup
                </label>
              </div>
            )}
          />
          {pricePolicy === "markup" ? (
            <FormField
              control={form.control}
              name="markupPercent"
              render={({ field }) => (
                <FormItem className="max-w-48">
                  <FormLabel>Markup (%)</FormLabel>
                  <FormControl>
                    <Input
                      type="number"
                      inputMode="decimal"
                      min={0}
                      max={1000}
                      step="0.01"
                      value={field.value ?? ""}
                      onBlur={field.onBlur}
                      onChange={(event) =>
                        field.onChange(event.target.value === "" ? null : Number(event.target.value))
                      }
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
          ) : null}
        </fieldset>
        <div>
          <Button type="submit" disabled={disabled || !form.formState.isDirty}>
            {saving ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {saving ? "Saving…" : "Save and publish"}
          </Button>
        </div>
      </form>
    </Form>
  );
}
