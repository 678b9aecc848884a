import { cn } from "@/lib/utils";
import { membershipRoles, roleLabels } from "@/lib/auth/roles";
import type { MembershipRole } from "@/db/schema";

/** A native select of roles, styled like the inputs (keyboard and screen readers work as usual). */
export function RoleSelect({
  value,
  onChange,
  roles = membershipRoles,
  className,
  ...props
}: Omit<React.ComponentProps<"select">, "value" | "onChange"> & {
  value: MembershipRole;
  onChange: (role: MembershipRole) => void;
  roles?: readonly MembershipRole[];
}) {
  return (
    <select
      value={value}
      onChange={(event) => onChange(event.target.value as MembershipRole)}
      className={cn(
        "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px] disabled:opacity-50",
        className,
      )}
      {...props}
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {roleLabels[role]}
        </option>
      ))}
    </select>
  );
}
