<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccessCommands</name>
    <message>
        <source>member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invited, not joined yet: what accepting will grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is neither a member nor invited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SINCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PERMISSION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CATEGORY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FROM ROLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a permission; roster-cli permissions list shows them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>THROUGH</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccessExplorer</name>
    <message>
        <source>%1: %2 through %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation><numerusform>%n person</numerusform><numerusform>%n people</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n role(s)</source>
        <translation><numerusform>%n role</numerusform><numerusform>%n roles</numerusform></translation>
    </message>
</context>
<context>
    <name>AccessRules</name>
    <message>
        <source>see the account&apos;s members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see pending invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invite users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoke invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change a user&apos;s roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove users from the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create or change roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You need the %1 permission to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role name cannot contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role name &quot;%1&quot; is too short: use at least %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role name is too long: use at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role named &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description is too long: use at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description cannot contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role needs at least one permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown permission: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a built-in role and cannot be changed or deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An email address is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The email address is too long: at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name at least one email address to invite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is listed more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Owner role cannot be granted by an invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already a member of this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has already been invited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 is %2; only a pending invitation can be %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Owner cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot remove yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not joined yet: revoke the invitation instead of removing the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name at least one role to add or remove.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every member has the Base role; it cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Owner role cannot be assigned or removed by a role update.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was already invited by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see your own profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitations can be sent only by a signed-in user, not with a management key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members can be removed only by a signed-in user, not with a management key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot grant the %1 role: it carries %2, which you do not hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 can accept this invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 can decline this invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not joined yet; the roles of a pending invitation cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role can carry only permissions you hold yourself; you lack %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not joined yet: the invitation is still pending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a kind of role this version of Roster does not know (%2); it is shown read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid email address: it holds bytes that are not UTF-8 text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 has a status this version of Roster does not know (%2); it is shown read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resend invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resending revokes the invitation and sends it again here, so it also needs the %1 permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 is %2; only a pending invitation can be resent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already a member; only a pending invitation can be %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change how long invitations last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud invitations do not expire, so this account has no invitation lifetime to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 expired on %2; an admin can resend it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An invitation lasts from 1 to %1 days, not %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountCommands</name>
    <message>
        <source>Created account &quot;%1&quot; with owner %2 in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--seed takes a whole number, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeded %1 members, %2 pending and %3 closed invitations, and %4 custom roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation><numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    <message>
        <source>never (this backend&apos;s invitations do not expire)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACCOUNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INVITATIONS EXPIRE AFTER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account set needs a setting to change: --invite-expiry-days N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Invitations now expire %n day(s) after they are sent.</source>
        <translation><numerusform>Invitations now expire %n day after they are sent.</numerusform><numerusform>Invitations now expire %n days after they are sent.</numerusform></translation>
    </message>
</context>
<context>
    <name>AccountSession</name>
    <message>
        <source>Another admin changed the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more change(s))</source>
        <translation><numerusform>%1 (and %n more change)</numerusform><numerusform>%1 (and %n more changes)</numerusform></translation>
    </message>
    <message>
        <source>%1 invited %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 revoked the invitation for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accepted the invitation and joined the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 declined the invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed the roles of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 removed %2 from the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 created the role %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed the role %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deleted the role %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed the account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountSettingsDialog</name>
    <message>
        <source>Account settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days an invitation stays valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pending invitation older than this shows as Expired and cannot be accepted until it is resent. Changing it applies to pending invitations at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invitations expire after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a pending invitation can be accepted, counted from when it was sent or last resent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;A pending invitation older than this shows as &lt;b&gt;Expired&lt;/b&gt; and can no longer be accepted. Resending it renews it for the same number of days.&lt;/p&gt;&lt;p&gt;The change applies at once to every pending invitation. Qdrant Cloud invitations do not expire in Roster, so this setting is for local stores.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddMembersDialog</name>
    <message>
        <source>Add members to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members without %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to role</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Add %n member(s)</source>
        <translation><numerusform>Add %n member</numerusform><numerusform>Add %n members</numerusform></translation>
    </message>
    <message>
        <source>Every member already has %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the members who get %1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiJson</name>
    <message>
        <source>Qdrant Cloud sent a reply Roster cannot read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message>
        <source>The store cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing or unknown credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A management key is not a user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request body is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>Account created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation lifetime changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation resent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role duplicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To whom or what</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events from this day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events up to this day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by who acted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by whom or what it was done to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>email or role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Who:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown; more load as you scroll.</source>
        <translation><numerusform>%n event shown; more load as you scroll.</numerusform><numerusform>%n events shown; more load as you scroll.</numerusform></translation>
    </message>
    <message>
        <source>Every change to the account, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Qdrant Cloud API exposes no events. Shown here are the changes made from this computer, with their outcome, from Roster&apos;s local journal: not the account&apos;s full history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s).</source>
        <translation><numerusform>%n event.</numerusform><numerusform>%n events.</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Copy emails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove role</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %n address(es).</source>
        <translation><numerusform>Copied %n address.</numerusform><numerusform>Copied %n addresses.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s) from account…</source>
        <translation><numerusform>Remove %n member from account…</numerusform><numerusform>Remove %n members from account…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)…</source>
        <translation><numerusform>Revoke %n invitation…</numerusform><numerusform>Revoke %n invitations…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Resend %n invitation(s)…</source>
        <translation><numerusform>Resend %n invitation…</numerusform><numerusform>Resend %n invitations…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n people)</source>
        <translation><numerusform>%1 (%n person)</numerusform><numerusform>%1 (%n people)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Removed %n member(s) from the account.</source>
        <translation><numerusform>Removed %n member from the account.</numerusform><numerusform>Removed %n members from the account.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Revoked %n invitation(s).</source>
        <translation><numerusform>Revoked %n invitation.</numerusform><numerusform>Revoked %n invitations.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Sent %n invitation(s) again.</source>
        <translation><numerusform>Sent %n invitation again.</numerusform><numerusform>Sent %n invitations again.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Changed the roles of %n member(s).</source>
        <translation><numerusform>Changed the roles of %n member.</numerusform><numerusform>Changed the roles of %n members.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>None of the %n selected people can be changed this way: %1</source>
        <translation><numerusform>None of the %n selected people can be changed this way: %1</numerusform><numerusform>None of the %n selected people can be changed this way: %1</numerusform></translation>
    </message>
    <message>
        <source>Remove from account</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s) from the account? They lose access at once and must be invited again to return.</source>
        <translation><numerusform>Remove %n member from the account? They lose access at once and must be invited again to return.</numerusform><numerusform>Remove %n members from the account? They lose access at once and must be invited again to return.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s)</source>
        <translation><numerusform>Remove %n member</numerusform><numerusform>Remove %n members</numerusform></translation>
    </message>
    <message>
        <source>Revoke invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)? The links in their emails stop working.</source>
        <translation><numerusform>Revoke %n invitation? The links in their emails stop working.</numerusform><numerusform>Revoke %n invitations? The links in their emails stop working.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)</source>
        <translation><numerusform>Revoke %n invitation</numerusform><numerusform>Revoke %n invitations</numerusform></translation>
    </message>
    <message>
        <source>Resend invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s) again? Qdrant Cloud has no resend: each invitation is revoked and sent again with the same roles.</source>
        <translation><numerusform>Send %n invitation again? Qdrant Cloud has no resend: each invitation is revoked and sent again with the same roles.</numerusform><numerusform>Send %n invitations again? Qdrant Cloud has no resend: each invitation is revoked and sent again with the same roles.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s) again? Each is renewed for its full lifetime.</source>
        <translation><numerusform>Send %n invitation again? Each is renewed for its full lifetime.</numerusform><numerusform>Send %n invitations again? Each is renewed for its full lifetime.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Resend %n invitation(s)</source>
        <translation><numerusform>Resend %n invitation</numerusform><numerusform>Resend %n invitations</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Give the %1 role to %n member(s)?</source>
        <translation><numerusform>Give the %1 role to %n member?</numerusform><numerusform>Give the %1 role to %n members?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Take the %1 role away from %n member(s)? They keep their other roles.</source>
        <translation><numerusform>Take the %1 role away from %n member? They keep their other roles.</numerusform><numerusform>Take the %1 role away from %n members? They keep their other roles.</numerusform></translation>
    </message>
    <message>
        <source>Qdrant Cloud changes one person at a time; you can cancel midway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Nothing was changed: %n person(s) could not be.</source>
        <translation><numerusform>Nothing was changed: %n person could not be.</numerusform><numerusform>Nothing was changed: %n persons could not be.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Not done: %n.</source>
        <translation><numerusform>Not done: %n.</numerusform><numerusform>Not done: %n.</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkInviteDialog</name>
    <message>
        <source>&amp;Open CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite from file or list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste addresses (separated by commas, spaces or new lines), or open a CSV file with an email column and a roles column (roles separated by &quot;;&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses to invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a CSV file of people to invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles for the pasted addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base is always included: every member has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will happen to each address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roles for pasted addresses:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preview: nothing is sent until you press Send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s)</source>
        <translation><numerusform>Send %n invitation</numerusform><numerusform>Send %n invitations</numerusform></translation>
    </message>
    <message>
        <source>Could not open %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation><numerusform>%1: %n row</numerusform><numerusform>%1: %n rows</numerusform></translation>
    </message>
    <message>
        <source>Open a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sending %n invitation(s)</source>
        <translation><numerusform>Sending %n invitation</numerusform><numerusform>Sending %n invitations</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Invitations sent to %n people.</source>
        <translation><numerusform>Invitation sent to %n person.</numerusform><numerusform>Invitations sent to %n people.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Sent %n invitation(s).</source>
        <translation><numerusform>Sent %n invitation.</numerusform><numerusform>Sent %n invitations.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Not sent: %n.</source>
        <translation><numerusform>Not sent: %n.</numerusform><numerusform>Not sent: %n.</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkProgress</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: waiting for the calls already sent…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkReportDialog</name>
    <message>
        <source>What was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result for each person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: cancelled before its turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>
Store URLs: sqlite:PATH (default: the per-user data file), postgresql://USER@HOST[:PORT]/DB, cloud:ACCOUNT_ID.
Cloud credentials come from QDRANT_CLOUD_TOKEN or QDRANT_CLOUD_API_KEY, else from the system keychain entry the console saved; never from the command line.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No command given; run roster-cli --help for the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;; run roster-cli --help for the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is missing an argument. Usage: roster-cli %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes fewer arguments. Usage: roster-cli %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not take --%2. Usage: roster-cli %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--endpoint applies to cloud: stores only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--actor applies to local stores only; the cloud credentials say who you are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--actor needs the email address of a member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 works on local stores (sqlite: or postgresql:) only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To create an account there, run roster-cli init with the same --store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store holds no account yet; create one with `roster-cli init`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Nothing was changed: %n target(s) refused.</source>
        <translation><numerusform>Nothing was changed: %n target refused.</numerusform><numerusform>Nothing was changed: %n targets refused.</numerusform></translation>
    </message>
    <message>
        <source>--status takes active, pending, expired or all, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: roster-cli [--store URL] [--actor EMAIL] [--endpoint URL] [--json] [--lang LANGUAGE] COMMAND [ARGUMENTS]
       roster-cli --version

Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloudAccounts</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloudClient</name>
    <message>
        <source>&quot;%1&quot; is not a valid endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain http:// is accepted only for this computer (loopback); use https:// for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint must be an https:// URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud did not answer within %1 s; nothing was changed on this side. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate of %1 cannot be trusted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud is not reachable; retrying in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud is not reachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud sent a reply Roster cannot read (%1); nothing was changed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud is busy (HTTP %1); retrying in %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud did not accept the credentials: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud failed (HTTP %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloudStore</name>
    <message>
        <source>Qdrant Cloud account %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>management key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a member of this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no invitation for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is neither a member nor invited to this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 was revoked but could not be sent again (%2): invite %1 again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>People concerned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>&amp;Remember the credential in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed-in user token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Management key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PostgreSQL URL looks like postgresql://USER@HOST[:PORT]/DBNAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ind accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an existing account file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new account file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new account file: you name its Owner next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing account file. To start a new one, choose New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster accounts (*.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an account file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New account file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: $PGPASSWORD or ~/.pgpass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: from the environment or the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When empty, Roster uses $QDRANT_CLOUD_TOKEN, then $QDRANT_CLOUD_API_KEY, then the credential saved in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find accounts, or paste an account id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the accounts this credential can see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentia&amp;l:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a credential first: the accounts offered are the ones it can see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 which accounts this credential can see…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This credential sees no account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This credential sees %n account(s).</source>
        <translation><numerusform>This credential sees %n account.</numerusform><numerusform>This credential sees %n accounts.</numerusform></translation>
    </message>
    <message>
        <source>Choose the account file: Open… for one that exists, New… to start one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not an account file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file at %1. To start a new account, choose New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the account: Find accounts lists the ones your credential can see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>postgresql://USER@HOST[:PORT]/DATABASE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The shared PostgreSQL database every admin&apos;s console opens: &lt;code&gt;postgresql://USER@HOST[:PORT]/DATABASE&lt;/code&gt;, for example &lt;code&gt;postgresql://roster@db.example.com/roster&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;Roster creates its tables on first use. Leave the password out of the URL: type it below, or let $PGPASSWORD or ~/.pgpass supply it. Only the URL without a password is kept in Recent connections.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Qdrant Cloud API&apos;s address; https:// is required except on this computer (loopback), e.g. for roster-cli serve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signed-in user&apos;s bearer token: acts as that user, with that user&apos;s roles. Can do everything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A management key made in the Qdrant Cloud console: reads the account and changes roles, but the API refuses invitations and removals from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Signed-in user token&lt;/b&gt;: the bearer token of a person signed in to Qdrant Cloud. Roster acts as that person, with exactly their roles, and can do everything the web console can.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Management key&lt;/b&gt;: a key created in the Qdrant Cloud console (Access Management). It is meant for automation: it reads members, invitations and roles and can change roles, but the API accepts invitations and member removals only from signed-in users, so Roster disables those two actions and says why.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>This store already holds an account, so no demo data was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account was created; %1 is still open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Csv</name>
    <message>
        <source>Line %1 is not UTF-8 text; save the file as UTF-8 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 opens a quoted field that never closes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>Unknown (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default role every member holds: it lets them sign in and see their own profile. It is never taken away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every permission except changing the account itself (write:account), which only the Owner has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every permission. An account has exactly one Owner, and the role is never granted by invitation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster keeps this account in a file on this computer. Who owns it? The Owner holds every permission and cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner&apos;s email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;email:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Invite users (on a role&apos;s page: into that role)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the people of the page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the selected row&apos;s Actions menu (also the Menu key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected row&apos;s email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a custom role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to another store or account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show these shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What they do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Roster %1&lt;/h3&gt;&lt;p&gt;Manages who is in a Qdrant Cloud account, what they may do, and who is invited.&lt;/p&gt;&lt;p&gt;Licensed under the MIT licence.&lt;/p&gt;&lt;p&gt;Built with Qt %2; running on Qt %3.&lt;/p&gt;&lt;p&gt;Store in use: %4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite many people from a pasted list or a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every row the table shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected members, or revoke the selected invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the people the table shows (CSV or JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What&apos;s This: click a field to learn what it means</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Http</name>
    <message>
        <source>The request&apos;s headers are too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an HTTP/1.1 request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a Content-Length; chunked bodies are not taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Content-Length is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request body is larger than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InviteCommands</name>
    <message>
        <source>Invited %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked the invitation for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accepted the invitation and joined the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 declined the invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent the invitation for %1 again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--status takes pending, expired, accepted, rejected, canceled or all, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ana@example.com, bo@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles to grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email addresses:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roles:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>always included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base is always included: every member has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>to %n address(es)</source>
        <translation><numerusform>to %n address</numerusform><numerusform>to %n addresses</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n invite(s)</source>
        <translation><numerusform>%n invite</numerusform><numerusform>%n invites</numerusform></translation>
    </message>
    <message>
        <source>Send %1 with %2</source>
        <comment>invite dialog: who, roles</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n role(s)</source>
        <translation><numerusform>%n role</numerusform><numerusform>%n roles</numerusform></translation>
    </message>
    <message>
        <source>Will grant: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvitePlan</name>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already a member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already invited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listed twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role not grantable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InvitePlanModel</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>The system keychain is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential could not be saved in the system keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListenAddress</name>
    <message>
        <source>--listen takes HOST:PORT, as in 127.0.0.1:8080 or [::1]:8080, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serve speaks plain HTTP, so it listens on loopback only (127.0.0.1 or [::1]), not %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a custom role (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent &amp;connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invite user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove or revoke the selected person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export members…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n person(s) to %1.</source>
        <translation><numerusform>Exported %n person to %1.</numerusform><numerusform>Exported %n persons to %1.</numerusform></translation>
    </message>
    <message>
        <source>Invite from &amp;file or list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview a list of people, then invite the ready ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account &amp;settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManageRolesDialog</name>
    <message>
        <source>Manage roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles of &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>always included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will add: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will remove: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change yet: tick or clear a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Save %n change(s)</source>
        <translation><numerusform>Save %n change</numerusform><numerusform>Save %n changes</numerusform></translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeopleExport</name>
    <message>
        <source>Could not save %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV, for spreadsheets (*.csv);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeopleRows</name>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PermissionHoldersView</name>
    <message>
        <source>Select a permission to see who holds it, and through which role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People who hold the selected permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People who hold %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — through %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (roster-cli access who %1 lists everyone)</source>
        <translation><numerusform>… and %n more (roster-cli access who %1 lists everyone)</numerusform><numerusform>… and %n more (roster-cli access who %1 lists everyone)</numerusform></translation>
    </message>
</context>
<context>
    <name>PermissionTreeModel</name>
    <message>
        <source>Permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonDetailsPanel</name>
    <message>
        <source>Permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined %1; created the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined %1, invited by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invited %1 by %2; not joined yet. Below is what accepting will grant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadCommands</name>
    <message>
        <source>WHEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WHO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TARGET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no problem found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has problems:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 takes a date (2026-11-30) or a date and time (2026-11-30T14:00, 2026-11-30T14:00:00Z, 2026-11-30T14:00+02:00), not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleCheckList</name>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleCommands</name>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PERMISSIONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created role %1 with %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created role %1 as a copy of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted role %1; it was unassigned from %2 members and removed from %3 pending invitations.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleDetailsPage</name>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add existing member…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the name and description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new role with the same permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give %1 to members who do not have it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every member already has the Base role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the permissions of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the role %1? It will be taken away from %2 and removed from %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation><numerusform>%n member</numerusform><numerusform>%n members</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n pending invitation(s)</source>
        <translation><numerusform>%n pending invitation</numerusform><numerusform>%n pending invitations</numerusform></translation>
    </message>
    <message>
        <source>Delete role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Gave %1 to %n member(s).</source>
        <translation><numerusform>Gave %1 to %n member.</numerusform><numerusform>Gave %1 to %n members.</numerusform></translation>
    </message>
    <message>
        <source>Built-in role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes to the permissions of %1 before leaving?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleEditorDialog</name>
    <message>
        <source>Add role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions of the new role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions that will be copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy gets the same permissions; change them after duplicating.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions to copy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No permission ticked yet: a role needs at least one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will grant: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <comment>role editor: action, permissions</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n permission(s)</source>
        <translation><numerusform>%n permission</numerusform><numerusform>%n permissions</numerusform></translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>serve needs credentials to accept: set ROSTER_SERVE_API_KEYS and/or ROSTER_SERVE_TOKENS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1: connect with --store cloud:%1 --endpoint %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqlAccountEngine</name>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account file %1 cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Roster account file, or it is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL support is not installed (Qt&apos;s QPSQL driver is missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL database %1 cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store is not an SQL database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database could not complete the operation; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database is busy or unavailable; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change could not be saved; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else made a conflicting change at the same moment; nothing was changed. Reload and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database is busy or unavailable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store holds no account yet; create one with `roster-cli init`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store already holds an account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an active member of this account, so Roster cannot act as them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a member of this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no invitation for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was invited by another admin a moment ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined the account a moment ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A role named &quot;%1&quot; was created by another admin a moment ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed-demo counts cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed-demo fills a new account only; this one already has members, invitations or roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other admins are changing the account right now; nothing was changed. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database could not be read; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account has no Owner, so the store is damaged; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Roster account file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account file %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account file %1 cannot be used; it may be damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Roster account store, or it is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account store was written by a newer Roster (schema %1); this version understands schema %2. It was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account file %1 cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account file %1 is read-only here; it can be read, but nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store file is damaged (%1); nothing was changed. `roster-cli check` tells more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store holds no Roster account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account has %1 Owners instead of one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store file is damaged (%1). `roster-cli check` tells more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another admin invited one of these addresses a moment ago, so none was sent; try again to see which.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqlSchema</name>
    <message>
        <source>The account database could not be upgraded; it was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account database was written by a newer Roster (schema %1); this version understands schema %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage the members, roles and invitations of a Qdrant Cloud account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local stores: act as this member (default: the Owner).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill a new store with demo data, to see every state at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which backend to open (sqlite:PATH, postgresql://…, cloud:ACCOUNT_ID).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud stores: the API base URL (default https://api.cloud.qdrant.io, or $QDRANT_CLOUD_ENDPOINT).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--actor needs an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account was created, so Roster has nothing to show and closes. Start it again when you are ready to name the account&apos;s Owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the console, e.g. de or en (default: the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreFactory</name>
    <message>
        <source>No Qdrant Cloud credential: set QDRANT_CLOUD_TOKEN (a signed-in user&apos;s token) or QDRANT_CLOUD_API_KEY (a management key), or connect once from the console and tick Remember.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--actor applies to local stores only; the cloud credentials say who you are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qdrant Cloud accounts are created on cloud.qdrant.io, not here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreUrl</name>
    <message>
        <source>The store URL sqlite: needs a file path, as in sqlite:/path/to/roster.db.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PostgreSQL store URL looks like postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL cloud: needs an account id, as in cloud:ACCOUNT_ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown store URL &quot;%1&quot;: use sqlite:PATH, postgresql://… or cloud:ACCOUNT_ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a file path: write sqlite:/path/to/roster.db or sqlite:///path/to/roster.db (or sqlite:relative/path.db).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferCommands</name>
    <message>
        <source>export members needs --format csv or --format json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no addresses to invite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Invited %n people from %1.</source>
        <translation><numerusform>Invited %n person from %1.</numerusform><numerusform>Invited %n people from %1.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n already a member or invited.</source>
        <translation><numerusform>Skipped %n already a member or invited.</numerusform><numerusform>Skipped %n already a member or invited.</numerusform></translation>
    </message>
    <message>
        <source>LINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OUTCOME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REASON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was sent (--dry-run). %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserActions</name>
    <message>
        <source>Manage roles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove role from user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open actions menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the roles of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the %1 role away from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 from the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked the invitation for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the %1 role from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from the account? They lose access at once and must be invited again to return.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the invitation for %1? The link in their email stops working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the %1 role from %2? They keep their other roles and stay in the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles of %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resend invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the invitation to %1 again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Actions for %n selected people</source>
        <translation><numerusform>Actions for %n selected people</numerusform><numerusform>Actions for %n selected people</numerusform></translation>
    </message>
    <message>
        <source>Send the invitation for %1 again? It is renewed for its full lifetime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the invitation for %1 again? Qdrant Cloud has no resend: the invitation is revoked and sent again with the same roles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resend invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent the invitation for %1 again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles, and each permission with the roles that grant it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserColumns</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserCommands</name>
    <message>
        <source>EMAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 now has: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 from the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed the roles of %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Pending invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invited %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invited by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a member joined, or when a pending invitation was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired invite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired %1; resend it to renew it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitations on this backend do not expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a pending invitation stops being acceptable; resending renews it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>Invite user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite people to the account (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations are hidden: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation sent to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Invitations sent to %n people.</source>
        <translation><numerusform>Invitation sent to %n person.</numerusform><numerusform>Invitations sent to %n people.</numerusform></translation>
    </message>
    <message>
        <source>&amp;Invite user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation><numerusform>%n person</numerusform><numerusform>%n people</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation><numerusform>%n member</numerusform><numerusform>%n members</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation><numerusform>%n pending</numerusform><numerusform>%n pending</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n shown of %1</source>
        <translation><numerusform>%n shown of %1</numerusform><numerusform>%n shown of %1</numerusform></translation>
    </message>
    <message>
        <source>No one matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one matches these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one has %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation><numerusform>%n selected</numerusform><numerusform>%n selected</numerusform></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n expired</source>
        <translation><numerusform>%n expired</numerusform><numerusform>%n expired</numerusform></translation>
    </message>
</context>
</TS>
