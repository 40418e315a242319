<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccessCommands</name>
    <message>
        <source>member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>invited, not joined yet: what accepting will grant</source>
        <translation>eingeladen, noch nicht beigetreten: Folgendes gewährt die Annahme</translation>
    </message>
    <message>
        <source>%1 is neither a member nor invited.</source>
        <translation>%1 ist weder Mitglied noch eingeladen.</translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation>EINGELADEN VON</translation>
    </message>
    <message>
        <source>SINCE</source>
        <translation>SEIT</translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation>Rollen: %1</translation>
    </message>
    <message>
        <source>PERMISSION</source>
        <translation>BERECHTIGUNG</translation>
    </message>
    <message>
        <source>CATEGORY</source>
        <translation>KATEGORIE</translation>
    </message>
    <message>
        <source>FROM ROLES</source>
        <translation>AUS ROLLEN</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a permission; roster-cli permissions list shows them all.</source>
        <translation>„%1“ ist keine Berechtigung; roster-cli permissions list zeigt alle an.</translation>
    </message>
    <message>
        <source>THROUGH</source>
        <translation>ÜBER</translation>
    </message>
</context>
<context>
    <name>AccessExplorer</name>
    <message>
        <source>%1: %2 through %3</source>
        <translation>%1: %2 über %3</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n role(s)</source>
        <translation>
            <numerusform>%n Rolle</numerusform>
            <numerusform>%n Rollen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccessRules</name>
    <message>
        <source>see your own profile</source>
        <translation>Ihr eigenes Profil zu sehen</translation>
    </message>
    <message>
        <source>see the account&apos;s members</source>
        <translation>die Mitglieder des Kontos zu sehen</translation>
    </message>
    <message>
        <source>see pending invitations</source>
        <translation>ausstehende Einladungen zu sehen</translation>
    </message>
    <message>
        <source>see roles</source>
        <translation>Rollen zu sehen</translation>
    </message>
    <message>
        <source>see the audit log</source>
        <translation>das Prüfprotokoll zu sehen</translation>
    </message>
    <message>
        <source>invite users</source>
        <translation>Benutzer einzuladen</translation>
    </message>
    <message>
        <source>revoke invitations</source>
        <translation>Einladungen zu widerrufen</translation>
    </message>
    <message>
        <source>resend invitations</source>
        <translation>Einladungen erneut zu senden</translation>
    </message>
    <message>
        <source>change a user&apos;s roles</source>
        <translation>die Rollen eines Benutzers zu ändern</translation>
    </message>
    <message>
        <source>remove users from the account</source>
        <translation>Benutzer aus dem Konto zu entfernen</translation>
    </message>
    <message>
        <source>create or change roles</source>
        <translation>Rollen zu erstellen oder zu ändern</translation>
    </message>
    <message>
        <source>delete roles</source>
        <translation>Rollen zu löschen</translation>
    </message>
    <message>
        <source>change how long invitations last</source>
        <translation>die Gültigkeitsdauer von Einladungen zu ändern</translation>
    </message>
    <message>
        <source>You need the %1 permission to %2.</source>
        <translation>Sie benötigen die Berechtigung %1, um %2.</translation>
    </message>
    <message>
        <source>Invitations can be sent only by a signed-in user, not with a management key.</source>
        <translation>Einladungen können nur von einem angemeldeten Benutzer gesendet werden, nicht mit einem Verwaltungsschlüssel.</translation>
    </message>
    <message>
        <source>Members can be removed only by a signed-in user, not with a management key.</source>
        <translation>Mitglieder können nur von einem angemeldeten Benutzer entfernt werden, nicht mit einem Verwaltungsschlüssel.</translation>
    </message>
    <message>
        <source>Qdrant Cloud invitations do not expire, so this account has no invitation lifetime to change.</source>
        <translation>Einladungen in Qdrant Cloud laufen nicht ab; daher hat dieses Konto keine Gültigkeitsdauer für Einladungen, die sich ändern ließe.</translation>
    </message>
    <message>
        <source>The Owner role cannot be assigned or removed by a role update.</source>
        <translation>Die Rolle Owner kann durch eine Rollenänderung weder zugewiesen noch entfernt werden.</translation>
    </message>
    <message>
        <source>You cannot grant the %1 role: it carries %2, which you do not hold.</source>
        <translation>Sie können die Rolle %1 nicht vergeben, da sie %2 enthält, was Sie selbst nicht besitzen.</translation>
    </message>
    <message>
        <source>The Owner role cannot be granted by an invitation.</source>
        <translation>Die Rolle Owner kann nicht per Einladung vergeben werden.</translation>
    </message>
    <message>
        <source>Resending revokes the invitation and sends it again here, so it also needs the %1 permission.</source>
        <translation>Beim erneuten Senden wird die Einladung widerrufen und hier neu gesendet; daher ist auch die Berechtigung %1 nötig.</translation>
    </message>
    <message>
        <source>The invitation for %1 is %2; only a pending invitation can be resent.</source>
        <translation>Die Einladung für %1 hat den Status „%2“; nur eine ausstehende Einladung kann erneut gesendet werden.</translation>
    </message>
    <message>
        <source>%1 is already a member; only a pending invitation can be %2.</source>
        <translation>%1 ist bereits Mitglied; nur eine ausstehende Einladung kann %2 werden.</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>resent</source>
        <translation>erneut gesendet</translation>
    </message>
    <message>
        <source>Only %1 can accept this invitation.</source>
        <translation>Nur %1 kann diese Einladung annehmen.</translation>
    </message>
    <message>
        <source>Only %1 can decline this invitation.</source>
        <translation>Nur %1 kann diese Einladung ablehnen.</translation>
    </message>
    <message>
        <source>The invitation for %1 expired on %2; an admin can resend it.</source>
        <translation>Die Einladung für %1 ist am %2 abgelaufen; ein Administrator kann sie erneut senden.</translation>
    </message>
    <message>
        <source>An invitation lasts from 1 to %1 days, not %2.</source>
        <translation>Eine Einladung gilt 1 bis %1 Tage, nicht %2.</translation>
    </message>
    <message>
        <source>%1 has not joined yet; the roles of a pending invitation cannot be changed.</source>
        <translation>%1 ist noch nicht beigetreten; die Rollen einer ausstehenden Einladung können nicht geändert werden.</translation>
    </message>
    <message>
        <source>Name at least one role to add or remove.</source>
        <translation>Geben Sie mindestens eine Rolle an, die hinzugefügt oder entfernt werden soll.</translation>
    </message>
    <message>
        <source>Every member has the Base role; it cannot be removed.</source>
        <translation>Jedes Mitglied hat die Rolle Base; sie kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>The Owner cannot be removed.</source>
        <translation>Der Eigentümer kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>You cannot remove yourself.</source>
        <translation>Sie können sich nicht selbst entfernen.</translation>
    </message>
    <message>
        <source>%1 has not joined yet: revoke the invitation instead of removing the user.</source>
        <translation>%1 ist noch nicht beigetreten: Widerrufen Sie die Einladung, statt den Benutzer zu entfernen.</translation>
    </message>
    <message>
        <source>%1 has not joined yet: the invitation is still pending.</source>
        <translation>%1 ist noch nicht beigetreten: Die Einladung ist noch ausstehend.</translation>
    </message>
    <message>
        <source>A role can carry only permissions you hold yourself; you lack %1.</source>
        <translation>Eine Rolle kann nur Berechtigungen enthalten, die Sie selbst besitzen; Ihnen fehlt: %1.</translation>
    </message>
    <message>
        <source>A role needs a name.</source>
        <translation>Eine Rolle braucht einen Namen.</translation>
    </message>
    <message>
        <source>A role name cannot contain control characters.</source>
        <translation>Ein Rollenname darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The role name &quot;%1&quot; is too short: use at least %2 characters.</source>
        <translation>Der Rollenname „%1“ ist zu kurz: Verwenden Sie mindestens %2 Zeichen.</translation>
    </message>
    <message>
        <source>The role name is too long: use at most %1 characters.</source>
        <translation>Der Rollenname ist zu lang: Verwenden Sie höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <source>A role named &quot;%1&quot; already exists.</source>
        <translation>Es gibt bereits eine Rolle namens „%1“.</translation>
    </message>
    <message>
        <source>The description is too long: use at most %1 characters.</source>
        <translation>Die Beschreibung ist zu lang: Verwenden Sie höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <source>The description cannot contain control characters.</source>
        <translation>Die Beschreibung darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>A role needs at least one permission.</source>
        <translation>Eine Rolle braucht mindestens eine Berechtigung.</translation>
    </message>
    <message>
        <source>Unknown permission: %1.</source>
        <translation>Unbekannte Berechtigung: %1.</translation>
    </message>
    <message>
        <source>%1 is a kind of role this version of Roster does not know (%2); it is shown read-only.</source>
        <translation>%1 ist eine Rollenart, die diese Version von Roster nicht kennt (%2); sie wird schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>%1 is a built-in role and cannot be changed or deleted.</source>
        <translation>%1 ist eine integrierte Rolle und kann nicht geändert oder gelöscht werden.</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>An email address is required.</source>
        <translation>Eine E-Mail-Adresse ist erforderlich.</translation>
    </message>
    <message>
        <source>The email address is too long: at most %1 characters.</source>
        <translation>Die E-Mail-Adresse ist zu lang: höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid email address: it holds bytes that are not UTF-8 text.</source>
        <translation>„%1“ ist keine gültige E-Mail-Adresse: Die Adresse enthält Bytes, die kein UTF-8-Text sind.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid email address.</source>
        <translation>„%1“ ist keine gültige E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>%1 is listed more than once.</source>
        <translation>%1 ist mehrfach aufgeführt.</translation>
    </message>
    <message>
        <source>Name at least one email address to invite.</source>
        <translation>Geben Sie mindestens eine E-Mail-Adresse zum Einladen an.</translation>
    </message>
    <message>
        <source>%1 is already a member of this account.</source>
        <translation>%1 ist bereits Mitglied dieses Kontos.</translation>
    </message>
    <message>
        <source>%1 was already invited by %2.</source>
        <translation>%1 wurde bereits von %2 eingeladen.</translation>
    </message>
    <message>
        <source>%1 has already been invited.</source>
        <translation>%1 wurde bereits eingeladen.</translation>
    </message>
    <message>
        <source>The invitation for %1 has a status this version of Roster does not know (%2); it is shown read-only.</source>
        <translation>Die Einladung für %1 hat einen Status, den diese Version von Roster nicht kennt (%2); sie wird schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>wieder geöffnet</translation>
    </message>
    <message>
        <source>The invitation for %1 is %2; only a pending invitation can be %3.</source>
        <translation>Die Einladung für %1 hat den Status „%2“; nur eine ausstehende Einladung kann %3 werden.</translation>
    </message>
</context>
<context>
    <name>AccountCommands</name>
    <message>
        <source>Created account &quot;%1&quot; with owner %2 in %3.</source>
        <translation>Konto „%1“ mit Eigentümer %2 in %3 erstellt.</translation>
    </message>
    <message>
        <source>--seed takes a whole number, not &quot;%1&quot;.</source>
        <translation>--seed erwartet eine ganze Zahl, nicht „%1“.</translation>
    </message>
    <message>
        <source>Seeded %1 members, %2 pending and %3 closed invitations, and %4 custom roles.</source>
        <translation>Demodaten angelegt: %1 Mitglieder, %2 ausstehende und %3 abgeschlossene Einladungen sowie %4 benutzerdefinierte Rollen.</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>never (this backend&apos;s invitations do not expire)</source>
        <translation>nie (Einladungen laufen bei diesem Datenspeicher nicht ab)</translation>
    </message>
    <message>
        <source>ACCOUNT</source>
        <translation>KONTO</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>ERSTELLT</translation>
    </message>
    <message>
        <source>INVITATIONS EXPIRE AFTER</source>
        <translation>GÜLTIGKEIT DER EINLADUNGEN</translation>
    </message>
    <message>
        <source>account set needs a setting to change: --invite-expiry-days N.</source>
        <translation>account set benötigt eine zu ändernde Einstellung: --invite-expiry-days N.</translation>
    </message>
    <message numerus="yes">
        <source>Invitations now expire %n day(s) after they are sent.</source>
        <translation>
            <numerusform>Einladungen laufen jetzt %n Tag nach dem Senden ab.</numerusform>
            <numerusform>Einladungen laufen jetzt %n Tage nach dem Senden ab.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountSession</name>
    <message>
        <source>Another admin changed the account.</source>
        <translation>Ein anderer Administrator hat das Konto geändert.</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more change(s))</source>
        <translation>
            <numerusform>%1 (und %n weitere Änderung)</numerusform>
            <numerusform>%1 (und %n weitere Änderungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 invited %2.</source>
        <translation>%1 hat %2 eingeladen.</translation>
    </message>
    <message>
        <source>%1 revoked the invitation for %2.</source>
        <translation>%1 hat die Einladung für %2 widerrufen.</translation>
    </message>
    <message>
        <source>%1 accepted the invitation and joined the account.</source>
        <translation>%1 hat die Einladung angenommen und ist dem Konto beigetreten.</translation>
    </message>
    <message>
        <source>%1 declined the invitation.</source>
        <translation>%1 hat die Einladung abgelehnt.</translation>
    </message>
    <message>
        <source>%1 changed the roles of %2.</source>
        <translation>%1 hat die Rollen von %2 geändert.</translation>
    </message>
    <message>
        <source>%1 removed %2 from the account.</source>
        <translation>%1 hat %2 aus dem Konto entfernt.</translation>
    </message>
    <message>
        <source>%1 created the role %2.</source>
        <translation>%1 hat die Rolle %2 erstellt.</translation>
    </message>
    <message>
        <source>%1 changed the role %2.</source>
        <translation>%1 hat die Rolle %2 geändert.</translation>
    </message>
    <message>
        <source>%1 deleted the role %2.</source>
        <translation>%1 hat die Rolle %2 gelöscht.</translation>
    </message>
    <message>
        <source>%1 changed the account.</source>
        <translation>%1 hat das Konto geändert.</translation>
    </message>
</context>
<context>
    <name>AccountSettingsDialog</name>
    <message>
        <source>Account settings</source>
        <translation>Kontoeinstellungen</translation>
    </message>
    <message>
        <source>Days an invitation stays valid</source>
        <translation>Tage, die eine Einladung gültig bleibt</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>A pending invitation older than this shows as Expired and cannot be accepted until it is resent. Changing it applies to pending invitations at once.</source>
        <translation>Eine ausstehende Einladung, die älter ist, wird als „Abgelaufen“ angezeigt und kann erst wieder angenommen werden, wenn sie erneut gesendet wurde. Eine Änderung gilt sofort auch für ausstehende Einladungen.</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>&amp;Invitations expire after:</source>
        <translation>&amp;Gültigkeit von Einladungen:</translation>
    </message>
    <message>
        <source>How long a pending invitation can be accepted, counted from when it was sent or last resent.</source>
        <translation>Wie lange eine ausstehende Einladung angenommen werden kann, gerechnet ab dem Senden oder dem letzten erneuten Senden.</translation>
    </message>
    <message>
        <source>&lt;p&gt;A pending invitation older than this shows as &lt;b&gt;Expired&lt;/b&gt; and can no longer be accepted. Resending it renews it for the same number of days.&lt;/p&gt;&lt;p&gt;The change applies at once to every pending invitation. Qdrant Cloud invitations do not expire in Roster, so this setting is for local stores.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Eine ausstehende Einladung, die älter ist, wird als &lt;b&gt;Abgelaufen&lt;/b&gt; angezeigt und kann nicht mehr angenommen werden. Erneutes Senden verlängert sie um dieselbe Anzahl Tage.&lt;/p&gt;&lt;p&gt;Die Änderung gilt sofort für alle ausstehenden Einladungen. Einladungen in Qdrant Cloud laufen in Roster nicht ab; diese Einstellung gilt daher für lokale Speicher.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AddMembersDialog</name>
    <message>
        <source>Add members to %1</source>
        <translation>Mitglieder zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>Mitglieder suchen</translation>
    </message>
    <message>
        <source>Search by email</source>
        <translation>Nach E-Mail suchen</translation>
    </message>
    <message>
        <source>Members without %1</source>
        <translation>Mitglieder ohne %1</translation>
    </message>
    <message>
        <source>Add to role</source>
        <translation>Zur Rolle hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>Add %n member(s)</source>
        <translation>
            <numerusform>%n Mitglied hinzufügen</numerusform>
            <numerusform>%n Mitglieder hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Every member already has %1.</source>
        <translation>Jedes Mitglied hat bereits %1.</translation>
    </message>
    <message>
        <source>Choose the members who get %1:</source>
        <translation>Wählen Sie die Mitglieder, die %1 erhalten:</translation>
    </message>
</context>
<context>
    <name>ApiJson</name>
    <message>
        <source>Qdrant Cloud sent a reply Roster cannot read: %1.</source>
        <translation>Qdrant Cloud hat eine Antwort gesendet, die Roster nicht lesen kann: %1.</translation>
    </message>
</context>
<context>
    <name>ApiServer</name>
    <message>
        <source>The store cannot be opened.</source>
        <translation>Der Speicher kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>Lauschen auf %1, Port %2 nicht möglich: %3</translation>
    </message>
    <message>
        <source>Missing or unknown credentials.</source>
        <translation>Zugangsdaten fehlen oder sind unbekannt.</translation>
    </message>
    <message>
        <source>No such path.</source>
        <translation>Diesen Pfad gibt es nicht.</translation>
    </message>
    <message>
        <source>A management key is not a user.</source>
        <translation>Ein Verwaltungsschlüssel ist kein Benutzer.</translation>
    </message>
    <message>
        <source>No such account.</source>
        <translation>Dieses Konto gibt es nicht.</translation>
    </message>
    <message>
        <source>The request body is not valid JSON.</source>
        <translation>Der Anfragekörper ist kein gültiges JSON.</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>Account created</source>
        <translation>Konto erstellt</translation>
    </message>
    <message>
        <source>Demo data added</source>
        <translation>Demodaten hinzugefügt</translation>
    </message>
    <message>
        <source>Invitation lifetime changed</source>
        <translation>Gültigkeitsdauer der Einladungen geändert</translation>
    </message>
    <message>
        <source>Invitation sent</source>
        <translation>Einladung gesendet</translation>
    </message>
    <message>
        <source>Invitation resent</source>
        <translation>Einladung erneut gesendet</translation>
    </message>
    <message>
        <source>Invitation revoked</source>
        <translation>Einladung widerrufen</translation>
    </message>
    <message>
        <source>Invitation accepted</source>
        <translation>Einladung angenommen</translation>
    </message>
    <message>
        <source>Invitation declined</source>
        <translation>Einladung abgelehnt</translation>
    </message>
    <message>
        <source>Roles changed</source>
        <translation>Rollen geändert</translation>
    </message>
    <message>
        <source>Removed from the account</source>
        <translation>Aus dem Konto entfernt</translation>
    </message>
    <message>
        <source>Role created</source>
        <translation>Rolle erstellt</translation>
    </message>
    <message>
        <source>Role duplicated</source>
        <translation>Rolle dupliziert</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Rolle geändert</translation>
    </message>
    <message>
        <source>Role deleted</source>
        <translation>Rolle gelöscht</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>To whom or what</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Any</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>Events from this day</source>
        <translation>Ereignisse ab diesem Tag</translation>
    </message>
    <message>
        <source>Events up to this day</source>
        <translation>Ereignisse bis zu diesem Tag</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Filter by who acted</source>
        <translation>Nach handelnder Person filtern</translation>
    </message>
    <message>
        <source>email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Nach Aktion filtern</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation>Einladungen</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Filter by whom or what it was done to</source>
        <translation>Danach filtern, wen oder was es betraf</translation>
    </message>
    <message>
        <source>email or role</source>
        <translation>E-Mail oder Rolle</translation>
    </message>
    <message>
        <source>Search the audit log</source>
        <translation>Prüfprotokoll durchsuchen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>&amp;Who:</source>
        <translation>&amp;Wer:</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Aktion:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>Be&amp;trifft:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation>B&amp;is:</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown; more load as you scroll.</source>
        <translation>
            <numerusform>%n Ereignis angezeigt; beim Blättern werden weitere geladen.</numerusform>
            <numerusform>%n Ereignisse angezeigt; beim Blättern werden weitere geladen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s).</source>
        <translation>
            <numerusform>%n Ereignis.</numerusform>
            <numerusform>%n Ereignisse.</numerusform>
        </translation>
    </message>
    <message>
        <source>The Qdrant Cloud API exposes no events. Shown here are the changes made from this computer, with their outcome, from Roster&apos;s local journal: not the account&apos;s full history.</source>
        <translation>Die API von Qdrant Cloud stellt keine Ereignisse bereit. Angezeigt werden die Änderungen, die von diesem Computer aus vorgenommen wurden, samt Ergebnis, aus dem lokalen Journal von Roster – nicht der vollständige Verlauf des Kontos.</translation>
    </message>
    <message>
        <source>Every change to the account, newest first.</source>
        <translation>Jede Änderung am Konto, die neueste zuerst.</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Copy emails</source>
        <translation>E-Mail-Adressen kopieren</translation>
    </message>
    <message>
        <source>Add role</source>
        <translation>Rolle hinzufügen</translation>
    </message>
    <message>
        <source>Remove role</source>
        <translation>Rolle entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n address(es).</source>
        <translation>
            <numerusform>%n Adresse kopiert.</numerusform>
            <numerusform>%n Adressen kopiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s) from account…</source>
        <translation>
            <numerusform>%n Mitglied aus dem Konto entfernen …</numerusform>
            <numerusform>%n Mitglieder aus dem Konto entfernen …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)…</source>
        <translation>
            <numerusform>%n Einladung widerrufen …</numerusform>
            <numerusform>%n Einladungen widerrufen …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resend %n invitation(s)…</source>
        <translation>
            <numerusform>%n Einladung erneut senden …</numerusform>
            <numerusform>%n Einladungen erneut senden …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n people)</source>
        <translation>
            <numerusform>%1 (%n Person)</numerusform>
            <numerusform>%1 (%n Personen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n member(s) from the account.</source>
        <translation>
            <numerusform>%n Mitglied wurde aus dem Konto entfernt.</numerusform>
            <numerusform>%n Mitglieder wurden aus dem Konto entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoked %n invitation(s).</source>
        <translation>
            <numerusform>%n Einladung wurde widerrufen.</numerusform>
            <numerusform>%n Einladungen wurden widerrufen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n invitation(s) again.</source>
        <translation>
            <numerusform>%n Einladung wurde erneut gesendet.</numerusform>
            <numerusform>%n Einladungen wurden erneut gesendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Changed the roles of %n member(s).</source>
        <translation>
            <numerusform>Die Rollen von %n Mitglied wurden geändert.</numerusform>
            <numerusform>Die Rollen von %n Mitgliedern wurden geändert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>None of the %n selected people can be changed this way: %1</source>
        <translation>
            <numerusform>Die %n ausgewählte Person kann auf diese Weise nicht geändert werden: %1</numerusform>
            <numerusform>Keine der %n ausgewählten Personen kann auf diese Weise geändert werden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove from account</source>
        <translation>Aus dem Konto entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s) from the account? They lose access at once and must be invited again to return.</source>
        <translation>
            <numerusform>%n Mitglied aus dem Konto entfernen? Die Person verliert sofort den Zugriff und muss erneut eingeladen werden, um zurückzukehren.</numerusform>
            <numerusform>%n Mitglieder aus dem Konto entfernen? Sie verlieren sofort den Zugriff und müssen erneut eingeladen werden, um zurückzukehren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n member(s)</source>
        <translation>
            <numerusform>%n Mitglied entfernen</numerusform>
            <numerusform>%n Mitglieder entfernen</numerusform>
        </translation>
    </message>
    <message>
        <source>Revoke invitations</source>
        <translation>Einladungen widerrufen</translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)? The links in their emails stop working.</source>
        <translation>
            <numerusform>%n Einladung widerrufen? Der Link in der E-Mail funktioniert dann nicht mehr.</numerusform>
            <numerusform>%n Einladungen widerrufen? Die Links in den E-Mails funktionieren dann nicht mehr.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n invitation(s)</source>
        <translation>
            <numerusform>%n Einladung widerrufen</numerusform>
            <numerusform>%n Einladungen widerrufen</numerusform>
        </translation>
    </message>
    <message>
        <source>Resend invitations</source>
        <translation>Einladungen erneut senden</translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s) again? Qdrant Cloud has no resend: each invitation is revoked and sent again with the same roles.</source>
        <translation>
            <numerusform>%n Einladung erneut senden? Qdrant Cloud kennt kein erneutes Senden: Die Einladung wird widerrufen und mit denselben Rollen neu gesendet.</numerusform>
            <numerusform>%n Einladungen erneut senden? Qdrant Cloud kennt kein erneutes Senden: Jede Einladung wird widerrufen und mit denselben Rollen neu gesendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s) again? Each is renewed for its full lifetime.</source>
        <translation>
            <numerusform>%n Einladung erneut senden? Danach gilt sie wieder für die volle Gültigkeitsdauer.</numerusform>
            <numerusform>%n Einladungen erneut senden? Danach gilt jede wieder für die volle Gültigkeitsdauer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resend %n invitation(s)</source>
        <translation>
            <numerusform>%n Einladung erneut senden</numerusform>
            <numerusform>%n Einladungen erneut senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Give the %1 role to %n member(s)?</source>
        <translation>
            <numerusform>Die Rolle %1 an %n Mitglied vergeben?</numerusform>
            <numerusform>Die Rolle %1 an %n Mitglieder vergeben?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Take the %1 role away from %n member(s)? They keep their other roles.</source>
        <translation>
            <numerusform>%n Mitglied die Rolle %1 entziehen? Die übrigen Rollen bleiben erhalten.</numerusform>
            <numerusform>%n Mitgliedern die Rolle %1 entziehen? Die übrigen Rollen bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Qdrant Cloud changes one person at a time; you can cancel midway.</source>
        <translation>Qdrant Cloud ändert eine Person nach der anderen; Sie können zwischendurch abbrechen.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was changed: %n person(s) could not be.</source>
        <translation>
            <numerusform>Es wurde nichts geändert: %n Person konnte nicht geändert werden.</numerusform>
            <numerusform>Es wurde nichts geändert: %n Personen konnten nicht geändert werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not done: %n.</source>
        <translation>
            <numerusform>Nicht erledigt: %n.</numerusform>
            <numerusform>Nicht erledigt: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkInviteDialog</name>
    <message>
        <source>&amp;Open CSV…</source>
        <translation>CSV ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Invite from file or list</source>
        <translation>Aus Datei oder Liste einladen</translation>
    </message>
    <message>
        <source>Paste addresses (separated by commas, spaces or new lines), or open a CSV file with an email column and a roles column (roles separated by &quot;;&quot;).</source>
        <translation>Fügen Sie Adressen ein (getrennt durch Kommas, Leerzeichen oder Zeilenumbrüche) oder öffnen Sie eine CSV-Datei mit den Spalten „email“ und „roles“ (Rollen getrennt durch „;“).</translation>
    </message>
    <message>
        <source>Addresses to invite</source>
        <translation>Einzuladende Adressen</translation>
    </message>
    <message>
        <source>Open a CSV file of people to invite</source>
        <translation>CSV-Datei mit einzuladenden Personen öffnen</translation>
    </message>
    <message>
        <source>Roles for the pasted addresses</source>
        <translation>Rollen für die eingefügten Adressen</translation>
    </message>
    <message>
        <source>Base is always included: every member has it.</source>
        <translation>Base ist immer enthalten: Jedes Mitglied hat diese Rolle.</translation>
    </message>
    <message>
        <source>What will happen to each address</source>
        <translation>Was mit jeder Adresse geschieht</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>&amp;Roles for pasted addresses:</source>
        <translation>&amp;Rollen für eingefügte Adressen:</translation>
    </message>
    <message>
        <source>&amp;Preview: nothing is sent until you press Send.</source>
        <translation>&amp;Vorschau: Es wird nichts gesendet, bevor Sie auf „Senden“ klicken.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Send %n invitation(s)</source>
        <translation>
            <numerusform>%n Einladung senden</numerusform>
            <numerusform>%n Einladungen senden</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not open %1: %2.</source>
        <translation>%1 konnte nicht geöffnet werden: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation>
            <numerusform>%1: %n Zeile</numerusform>
            <numerusform>%1: %n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a CSV file</source>
        <translation>CSV-Datei öffnen</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n invitation(s)</source>
        <translation>
            <numerusform>%n Einladung wird gesendet</numerusform>
            <numerusform>%n Einladungen werden gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Invitations sent to %n people.</source>
        <translation>
            <numerusform>Einladung an %n Person gesendet.</numerusform>
            <numerusform>Einladungen an %n Personen gesendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %n invitation(s).</source>
        <translation>
            <numerusform>%n Einladung gesendet.</numerusform>
            <numerusform>%n Einladungen gesendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not sent: %n.</source>
        <translation>
            <numerusform>Nicht gesendet: %n.</numerusform>
            <numerusform>Nicht gesendet: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling: waiting for the calls already sent…</source>
        <translation>Wird abgebrochen: Warten auf die bereits gesendeten Aufrufe …</translation>
    </message>
</context>
<context>
    <name>BulkReportDialog</name>
    <message>
        <source>What was done</source>
        <translation>Was erledigt wurde</translation>
    </message>
    <message>
        <source>Result for each person</source>
        <translation>Ergebnis für jede Person</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Nicht erledigt: %1</translation>
    </message>
    <message>
        <source>Not sent: cancelled before its turn</source>
        <translation>Nicht gesendet: abgebrochen, bevor sie an der Reihe war</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>
Store URLs: sqlite:PATH (default: the per-user data file), postgresql://USER@HOST[:PORT]/DB, cloud:ACCOUNT_ID.
Cloud credentials come from QDRANT_CLOUD_TOKEN or QDRANT_CLOUD_API_KEY, else from the system keychain entry the console saved; never from the command line.
</source>
        <translation>
Speicher-URLs: sqlite:PATH (Standard: die Datendatei des Benutzers), postgresql://USER@HOST[:PORT]/DB, cloud:ACCOUNT_ID.
Zugangsdaten für Qdrant Cloud stammen aus QDRANT_CLOUD_TOKEN oder QDRANT_CLOUD_API_KEY, sonst aus dem Eintrag im System-Schlüsselbund, den die grafische Oberfläche gespeichert hat; niemals von der Befehlszeile.
</translation>
    </message>
    <message>
        <source>No command given; run roster-cli --help for the list.</source>
        <translation>Kein Befehl angegeben; roster-cli --help zeigt die Liste.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;; run roster-cli --help for the list.</source>
        <translation>Unbekannter Befehl „%1“; roster-cli --help zeigt die Liste.</translation>
    </message>
    <message>
        <source>%1 is missing an argument. Usage: roster-cli %2</source>
        <translation>Bei %1 fehlt ein Argument. Aufruf: roster-cli %2</translation>
    </message>
    <message>
        <source>%1 takes fewer arguments. Usage: roster-cli %2</source>
        <translation>%1 erwartet weniger Argumente. Aufruf: roster-cli %2</translation>
    </message>
    <message>
        <source>%1 does not take --%2. Usage: roster-cli %3</source>
        <translation>%1 kennt --%2 nicht. Aufruf: roster-cli %3</translation>
    </message>
    <message>
        <source>--endpoint applies to cloud: stores only.</source>
        <translation>--endpoint gilt nur für cloud:-Speicher.</translation>
    </message>
    <message>
        <source>--actor applies to local stores only; the cloud credentials say who you are.</source>
        <translation>--actor gilt nur für lokale Speicher; in der Cloud bestimmen die Zugangsdaten, wer Sie sind.</translation>
    </message>
    <message>
        <source>--actor needs the email address of a member.</source>
        <translation>--actor benötigt die E-Mail-Adresse eines Mitglieds.</translation>
    </message>
    <message>
        <source>%1 works on local stores (sqlite: or postgresql:) only.</source>
        <translation>%1 funktioniert nur mit lokalen Speichern (sqlite: oder postgresql:).</translation>
    </message>
    <message>
        <source>To create an account there, run roster-cli init with the same --store.</source>
        <translation>Um dort ein Konto zu erstellen, führen Sie roster-cli init mit demselben --store aus.</translation>
    </message>
    <message>
        <source>This store holds no account yet; create one with `roster-cli init`.</source>
        <translation>Dieser Speicher enthält noch kein Konto; erstellen Sie eines mit `roster-cli init`.</translation>
    </message>
    <message>
        <source>--status takes active, pending, expired or all, not &quot;%1&quot;.</source>
        <translation>--status erwartet active, pending, expired oder all, nicht „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was changed: %n target(s) refused.</source>
        <translation>
            <numerusform>Es wurde nichts geändert: %n Ziel wurde abgewiesen.</numerusform>
            <numerusform>Es wurde nichts geändert: %n Ziele wurden abgewiesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>--%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>--%1 erwartet eine ganze Zahl von %2 bis %3, nicht „%4“.</translation>
    </message>
    <message>
        <source>Usage: roster-cli [--store URL] [--actor EMAIL] [--endpoint URL] [--json] [--lang LANGUAGE] COMMAND [ARGUMENTS]
       roster-cli --version

Commands:
</source>
        <translation>Aufruf: roster-cli [--store URL] [--actor EMAIL] [--endpoint URL] [--json] [--lang SPRACHE] BEFEHL [ARGUMENTE]
        roster-cli --version

Befehle:
</translation>
    </message>
</context>
<context>
    <name>CloudAccounts</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>CloudClient</name>
    <message>
        <source>&quot;%1&quot; is not a valid endpoint URL.</source>
        <translation>„%1“ ist keine gültige Endpunkt-URL.</translation>
    </message>
    <message>
        <source>Plain http:// is accepted only for this computer (loopback); use https:// for %1.</source>
        <translation>Unverschlüsseltes http:// ist nur für diesen Computer (Loopback) zulässig; verwenden Sie https:// für %1.</translation>
    </message>
    <message>
        <source>The endpoint must be an https:// URL.</source>
        <translation>Der Endpunkt muss eine https://-URL sein.</translation>
    </message>
    <message>
        <source>Qdrant Cloud did not answer within %1 s; nothing was changed on this side. Try again.</source>
        <translation>Qdrant Cloud hat nicht innerhalb von %1 s geantwortet; auf dieser Seite wurde nichts geändert. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 cannot be trusted: %2</source>
        <translation>Dem TLS-Zertifikat von %1 kann nicht vertraut werden: %2</translation>
    </message>
    <message>
        <source>Qdrant Cloud is not reachable; retrying in %1 s.</source>
        <translation>Qdrant Cloud ist nicht erreichbar; neuer Versuch in %1 s.</translation>
    </message>
    <message>
        <source>Qdrant Cloud is not reachable: %1</source>
        <translation>Qdrant Cloud ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Qdrant Cloud sent a reply Roster cannot read (%1); nothing was changed here.</source>
        <translation>Qdrant Cloud hat eine Antwort gesendet, die Roster nicht lesen kann (%1); hier wurde nichts geändert.</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>Qdrant Cloud is busy (HTTP %1); retrying in %2 s.</source>
        <translation>Qdrant Cloud ist ausgelastet (HTTP %1); neuer Versuch in %2 s.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>Qdrant Cloud did not accept the credentials: %1</source>
        <translation>Qdrant Cloud hat die Zugangsdaten nicht akzeptiert: %1</translation>
    </message>
    <message>
        <source>Qdrant Cloud failed (HTTP %1): %2</source>
        <translation>Fehler bei Qdrant Cloud (HTTP %1): %2</translation>
    </message>
</context>
<context>
    <name>CloudStore</name>
    <message>
        <source>The connection was closed.</source>
        <translation>Die Verbindung wurde geschlossen.</translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>Es gibt keine Rolle „%1“.</translation>
    </message>
    <message>
        <source>Qdrant Cloud account %1 (%2)</source>
        <translation>Qdrant-Cloud-Konto %1 (%2)</translation>
    </message>
    <message>
        <source>management key</source>
        <translation>Verwaltungsschlüssel</translation>
    </message>
    <message>
        <source>%1 is not a member of this account.</source>
        <translation>%1 ist kein Mitglied dieses Kontos.</translation>
    </message>
    <message>
        <source>There is no invitation for %1.</source>
        <translation>Es gibt keine Einladung für %1.</translation>
    </message>
    <message>
        <source>%1 is neither a member nor invited to this account.</source>
        <translation>%1 ist weder Mitglied dieses Kontos noch dazu eingeladen.</translation>
    </message>
    <message>
        <source>There is no role %1.</source>
        <translation>Es gibt keine Rolle %1.</translation>
    </message>
    <message>
        <source>The invitation for %1 was revoked but could not be sent again (%2): invite %1 again.</source>
        <translation>Die Einladung für %1 wurde widerrufen, konnte aber nicht erneut gesendet werden (%2): Laden Sie %1 erneut ein.</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>People concerned</source>
        <translation>Betroffene Personen</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>Ausgelassen:</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>F&amp;ind accounts</source>
        <translation>Konten &amp;finden</translation>
    </message>
    <message>
        <source>&amp;Remember the credential in the system keychain</source>
        <translation>Zugangsdaten im System-Schlüsselbund &amp;speichern</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Kind of store</source>
        <translation>Art des Speichers</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Lokale Datei</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>Qdrant Cloud</source>
        <translation>Qdrant Cloud</translation>
    </message>
    <message>
        <source>&amp;Connect to:</source>
        <translation>&amp;Verbinden mit:</translation>
    </message>
    <message>
        <source>Account file</source>
        <translation>Kontodatei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen …</translation>
    </message>
    <message>
        <source>Open an existing account file</source>
        <translation>Vorhandene Kontodatei öffnen</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Neu …</translation>
    </message>
    <message>
        <source>Create a new account file</source>
        <translation>Neue Kontodatei erstellen</translation>
    </message>
    <message>
        <source>A new account file: you name its Owner next.</source>
        <translation>Eine neue Kontodatei: Als Nächstes legen Sie ihren Eigentümer fest.</translation>
    </message>
    <message>
        <source>An existing account file. To start a new one, choose New…</source>
        <translation>Eine vorhandene Kontodatei. Um eine neue zu erstellen, wählen Sie „Neu …“.</translation>
    </message>
    <message>
        <source>Roster accounts (*.db);;All files (*)</source>
        <translation>Roster-Konten (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open an account file</source>
        <translation>Kontodatei öffnen</translation>
    </message>
    <message>
        <source>New account file</source>
        <translation>Neue Kontodatei</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation>PostgreSQL-URL</translation>
    </message>
    <message>
        <source>PostgreSQL password</source>
        <translation>PostgreSQL-Passwort</translation>
    </message>
    <message>
        <source>Empty: $PGPASSWORD or ~/.pgpass</source>
        <translation>Leer: $PGPASSWORD oder ~/.pgpass</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>API endpoint</source>
        <translation>API-Endpunkt</translation>
    </message>
    <message>
        <source>Credential type</source>
        <translation>Art der Zugangsdaten</translation>
    </message>
    <message>
        <source>Signed-in user token</source>
        <translation>Token eines angemeldeten Benutzers</translation>
    </message>
    <message>
        <source>Management key</source>
        <translation>Verwaltungsschlüssel</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>Empty: from the environment or the keychain</source>
        <translation>Leer: aus der Umgebung oder dem Schlüsselbund</translation>
    </message>
    <message>
        <source>When empty, Roster uses $QDRANT_CLOUD_TOKEN, then $QDRANT_CLOUD_API_KEY, then the credential saved in the system keychain.</source>
        <translation>Wenn leer, verwendet Roster $QDRANT_CLOUD_TOKEN, dann $QDRANT_CLOUD_API_KEY, dann die im System-Schlüsselbund gespeicherten Zugangsdaten.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Find accounts, or paste an account id</source>
        <translation>Konten finden oder eine Konto-ID einfügen</translation>
    </message>
    <message>
        <source>Find the accounts this credential can see</source>
        <translation>Die Konten finden, die diese Zugangsdaten sehen können</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>Credential &amp;type:</source>
        <translation>&amp;Art der Zugangsdaten:</translation>
    </message>
    <message>
        <source>Credentia&amp;l:</source>
        <translation>&amp;Zugangsdaten:</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>Qdrant Cloud %1</source>
        <translation>Qdrant Cloud %1</translation>
    </message>
    <message>
        <source>Enter a credential first: the accounts offered are the ones it can see.</source>
        <translation>Geben Sie zuerst Zugangsdaten ein: Angeboten werden die Konten, die damit sichtbar sind.</translation>
    </message>
    <message>
        <source>Asking %1 which accounts this credential can see…</source>
        <translation>%1 wird gefragt, welche Konten diese Zugangsdaten sehen können …</translation>
    </message>
    <message>
        <source>This credential sees no account.</source>
        <translation>Mit diesen Zugangsdaten ist kein Konto sichtbar.</translation>
    </message>
    <message numerus="yes">
        <source>This credential sees %n account(s).</source>
        <translation>
            <numerusform>Mit diesen Zugangsdaten ist %n Konto sichtbar.</numerusform>
            <numerusform>Mit diesen Zugangsdaten sind %n Konten sichtbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the account file: Open… for one that exists, New… to start one.</source>
        <translation>Wählen Sie die Kontodatei: „Öffnen …“ für eine vorhandene, „Neu …“ für eine neue.</translation>
    </message>
    <message>
        <source>%1 is a folder, not an account file.</source>
        <translation>%1 ist ein Ordner, keine Kontodatei.</translation>
    </message>
    <message>
        <source>No file at %1. To start a new account, choose New…</source>
        <translation>Unter %1 gibt es keine Datei. Um ein neues Konto zu erstellen, wählen Sie „Neu …“.</translation>
    </message>
    <message>
        <source>A PostgreSQL URL looks like postgresql://USER@HOST[:PORT]/DBNAME.</source>
        <translation>Eine PostgreSQL-URL sieht so aus: postgresql://USER@HOST[:PORT]/DBNAME.</translation>
    </message>
    <message>
        <source>Choose the account: Find accounts lists the ones your credential can see.</source>
        <translation>Wählen Sie das Konto: „Konten finden“ listet die Konten auf, die Ihre Zugangsdaten sehen können.</translation>
    </message>
    <message>
        <source>postgresql://USER@HOST[:PORT]/DATABASE</source>
        <translation>postgresql://BENUTZER@HOST[:PORT]/DATENBANK</translation>
    </message>
    <message>
        <source>&lt;p&gt;The shared PostgreSQL database every admin&apos;s console opens: &lt;code&gt;postgresql://USER@HOST[:PORT]/DATABASE&lt;/code&gt;, for example &lt;code&gt;postgresql://roster@db.example.com/roster&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;Roster creates its tables on first use. Leave the password out of the URL: type it below, or let $PGPASSWORD or ~/.pgpass supply it. Only the URL without a password is kept in Recent connections.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die gemeinsame PostgreSQL-Datenbank, die die Oberfläche jedes Administrators öffnet: &lt;code&gt;postgresql://BENUTZER@HOST[:PORT]/DATENBANK&lt;/code&gt;, zum Beispiel &lt;code&gt;postgresql://roster@db.example.com/roster&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;Roster legt seine Tabellen bei der ersten Verwendung an. Lassen Sie das Passwort aus der URL heraus: Geben Sie es unten ein, oder lassen Sie es von $PGPASSWORD oder ~/.pgpass liefern. Unter „Letzte Verbindungen“ wird nur die URL ohne Passwort gespeichert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The Qdrant Cloud API&apos;s address; https:// is required except on this computer (loopback), e.g. for roster-cli serve.</source>
        <translation>Die Adresse der Qdrant-Cloud-API; https:// ist erforderlich, außer auf diesem Computer (Loopback), z. B. für roster-cli serve.</translation>
    </message>
    <message>
        <source>A signed-in user&apos;s bearer token: acts as that user, with that user&apos;s roles. Can do everything.</source>
        <translation>Das Bearer-Token eines angemeldeten Benutzers: handelt als dieser Benutzer, mit dessen Rollen. Kann alles.</translation>
    </message>
    <message>
        <source>A management key made in the Qdrant Cloud console: reads the account and changes roles, but the API refuses invitations and removals from it.</source>
        <translation>Ein in der Qdrant-Cloud-Konsole erstellter Verwaltungsschlüssel: liest das Konto und ändert Rollen, aber die API lehnt Einladungen und Entfernungen damit ab.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Signed-in user token&lt;/b&gt;: the bearer token of a person signed in to Qdrant Cloud. Roster acts as that person, with exactly their roles, and can do everything the web console can.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Management key&lt;/b&gt;: a key created in the Qdrant Cloud console (Access Management). It is meant for automation: it reads members, invitations and roles and can change roles, but the API accepts invitations and member removals only from signed-in users, so Roster disables those two actions and says why.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Benutzer-Token&lt;/b&gt;: das Bearer-Token einer bei Qdrant Cloud angemeldeten Person. Roster handelt als diese Person, mit genau ihren Rollen, und kann alles, was die Web-Konsole kann.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Verwaltungsschlüssel&lt;/b&gt;: ein in der Qdrant-Cloud-Konsole (Access Management) erstellter Schlüssel. Er ist für Automatisierung gedacht: Er liest Mitglieder, Einladungen und Rollen und kann Rollen ändern, aber die API nimmt Einladungen und das Entfernen von Mitgliedern nur von angemeldeten Benutzern an. Roster deaktiviert daher diese beiden Aktionen und nennt den Grund.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>This store already holds an account, so no demo data was added.</source>
        <translation>Dieser Speicher enthält bereits ein Konto, daher wurden keine Demodaten hinzugefügt.</translation>
    </message>
    <message>
        <source>Demo account</source>
        <translation>Demokonto</translation>
    </message>
    <message>
        <source>No account was created; %1 is still open.</source>
        <translation>Es wurde kein Konto erstellt; %1 bleibt geöffnet.</translation>
    </message>
</context>
<context>
    <name>Csv</name>
    <message>
        <source>Line %1 is not UTF-8 text; save the file as UTF-8 and try again.</source>
        <translation>Zeile %1 ist kein UTF-8-Text; speichern Sie die Datei als UTF-8 und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Line %1 opens a quoted field that never closes.</source>
        <translation>In Zeile %1 beginnt ein Feld in Anführungszeichen, das nie geschlossen wird.</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>The default role every member holds: it lets them sign in and see their own profile. It is never taken away.</source>
        <translation>Die Standardrolle, die jedes Mitglied hat: Mit ihr kann man sich anmelden und das eigene Profil ansehen. Diese Rolle wird nie entzogen.</translation>
    </message>
    <message>
        <source>Every permission except changing the account itself (write:account), which only the Owner has.</source>
        <translation>Alle Berechtigungen außer der Änderung des Kontos selbst (write:account), die nur der Eigentümer hat.</translation>
    </message>
    <message>
        <source>Every permission. An account has exactly one Owner, and the role is never granted by invitation.</source>
        <translation>Alle Berechtigungen. Ein Konto hat genau einen Eigentümer, und diese Rolle wird nie per Einladung vergeben.</translation>
    </message>
    <message>
        <source>Unknown (%1)</source>
        <translation>Unbekannt (%1)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Roster</source>
        <translation>Willkommen bei Roster</translation>
    </message>
    <message>
        <source>Roster keeps this account in a file on this computer. Who owns it? The Owner holds every permission and cannot be removed.</source>
        <translation>Roster speichert dieses Konto in einer Datei auf diesem Computer. Wem gehört es? Der Eigentümer hat alle Berechtigungen und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Kontoname</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mein Konto</translation>
    </message>
    <message>
        <source>Owner&apos;s email</source>
        <translation>E-Mail des Eigentümers</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>Konto&amp;name:</translation>
    </message>
    <message>
        <source>Owner&apos;s &amp;email:</source>
        <translation>&amp;E-Mail des Eigentümers:</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Invite users (on a role&apos;s page: into that role)</source>
        <translation>Benutzer einladen (auf der Seite einer Rolle: in diese Rolle)</translation>
    </message>
    <message>
        <source>Invite many people from a pasted list or a CSV file</source>
        <translation>Viele Personen aus einer eingefügten Liste oder einer CSV-Datei einladen</translation>
    </message>
    <message>
        <source>Search the people of the page</source>
        <translation>Die Personen auf der Seite durchsuchen</translation>
    </message>
    <message>
        <source>Select every row the table shows</source>
        <translation>Alle Zeilen auswählen, die die Tabelle zeigt</translation>
    </message>
    <message>
        <source>Remove the selected members, or revoke the selected invitations</source>
        <translation>Die ausgewählten Mitglieder entfernen oder die ausgewählten Einladungen widerrufen</translation>
    </message>
    <message>
        <source>Open the selected row&apos;s Actions menu (also the Menu key)</source>
        <translation>Das Aktionsmenü der ausgewählten Zeile öffnen (auch mit der Menütaste)</translation>
    </message>
    <message>
        <source>Copy the selected row&apos;s email address</source>
        <translation>Die E-Mail-Adresse der ausgewählten Zeile kopieren</translation>
    </message>
    <message>
        <source>Add a custom role</source>
        <translation>Eine benutzerdefinierte Rolle hinzufügen</translation>
    </message>
    <message>
        <source>Connect to another store or account</source>
        <translation>Mit einem anderen Speicher oder Konto verbinden</translation>
    </message>
    <message>
        <source>Export the people the table shows (CSV or JSON)</source>
        <translation>Die Personen exportieren, die die Tabelle zeigt (CSV oder JSON)</translation>
    </message>
    <message>
        <source>Reload the account</source>
        <translation>Das Konto neu laden</translation>
    </message>
    <message>
        <source>Show these shortcuts</source>
        <translation>Diese Tastenkürzel anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>About Roster</source>
        <translation>Über Roster</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Roster %1&lt;/h3&gt;&lt;p&gt;Manages who is in a Qdrant Cloud account, what they may do, and who is invited.&lt;/p&gt;&lt;p&gt;Licensed under the MIT licence.&lt;/p&gt;&lt;p&gt;Built with Qt %2; running on Qt %3.&lt;/p&gt;&lt;p&gt;Store in use: %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Roster %1&lt;/h3&gt;&lt;p&gt;Verwaltet, wer zu einem Qdrant-Cloud-Konto gehört, was diese Personen tun dürfen und wer eingeladen ist.&lt;/p&gt;&lt;p&gt;Lizenziert unter der MIT-Lizenz.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2; läuft unter Qt %3.&lt;/p&gt;&lt;p&gt;Verwendeter Speicher: %4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What&apos;s This: click a field to learn what it means</source>
        <translation>Direkthilfe: auf ein Feld klicken, um zu erfahren, was es bedeutet</translation>
    </message>
</context>
<context>
    <name>Http</name>
    <message>
        <source>The request&apos;s headers are too large.</source>
        <translation>Die Kopfzeilen der Anfrage sind zu groß.</translation>
    </message>
    <message>
        <source>This is not an HTTP/1.1 request.</source>
        <translation>Dies ist keine HTTP/1.1-Anfrage.</translation>
    </message>
    <message>
        <source>Send a Content-Length; chunked bodies are not taken.</source>
        <translation>Senden Sie eine Content-Length; Körper in Chunked-Kodierung werden nicht angenommen.</translation>
    </message>
    <message>
        <source>The Content-Length is not a number.</source>
        <translation>Die Content-Length ist keine Zahl.</translation>
    </message>
    <message>
        <source>The request body is larger than %1 bytes.</source>
        <translation>Der Anfragekörper ist größer als %1 Byte.</translation>
    </message>
</context>
<context>
    <name>InviteCommands</name>
    <message>
        <source>Invited %1.</source>
        <translation>%1 eingeladen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>--status takes pending, expired, accepted, rejected, canceled or all, not &quot;%1&quot;.</source>
        <translation>--status erwartet pending, expired, accepted, rejected, canceled oder all, nicht „%1“.</translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation>ROLLEN</translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation>EINGELADEN VON</translation>
    </message>
    <message>
        <source>SENT</source>
        <translation>GESENDET</translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation>LÄUFT AB</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Revoked the invitation for %1.</source>
        <translation>Die Einladung für %1 wurde widerrufen.</translation>
    </message>
    <message>
        <source>Sent the invitation for %1 again.</source>
        <translation>Die Einladung für %1 wurde erneut gesendet.</translation>
    </message>
    <message>
        <source>%1 accepted the invitation and joined the account.</source>
        <translation>%1 hat die Einladung angenommen und ist dem Konto beigetreten.</translation>
    </message>
    <message>
        <source>%1 declined the invitation.</source>
        <translation>%1 hat die Einladung abgelehnt.</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite users</source>
        <translation>Benutzer einladen</translation>
    </message>
    <message>
        <source>Email addresses</source>
        <translation>E-Mail-Adressen</translation>
    </message>
    <message>
        <source>ana@example.com, bo@example.com</source>
        <translation>ana@example.com, bo@example.com</translation>
    </message>
    <message>
        <source>Roles to grant</source>
        <translation>Zu vergebende Rollen</translation>
    </message>
    <message>
        <source>always included</source>
        <translation>immer enthalten</translation>
    </message>
    <message>
        <source>Send invite</source>
        <translation>Einladung senden</translation>
    </message>
    <message>
        <source>&amp;Email addresses:</source>
        <translation>&amp;E-Mail-Adressen:</translation>
    </message>
    <message>
        <source>&amp;Roles:</source>
        <translation>&amp;Rollen:</translation>
    </message>
    <message>
        <source>Base is always included: every member has it.</source>
        <translation>Base ist immer enthalten: Jedes Mitglied hat diese Rolle.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>Gesendet an %1.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>invite</source>
        <translation>Einladung</translation>
    </message>
    <message numerus="yes">
        <source>to %n address(es)</source>
        <translation>
            <numerusform>an %n Adresse</numerusform>
            <numerusform>an %n Adressen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invite(s)</source>
        <translation>
            <numerusform>%n Einladung</numerusform>
            <numerusform>%n Einladungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Send %1 with %2</source>
        <comment>invite dialog: who, roles</comment>
        <translation>%1 mit %2 senden</translation>
    </message>
    <message numerus="yes">
        <source>%n role(s)</source>
        <translation>
            <numerusform>%n Rolle</numerusform>
            <numerusform>%n Rollen</numerusform>
        </translation>
    </message>
    <message>
        <source>Will grant: %1</source>
        <translation>Wird vergeben: %1</translation>
    </message>
</context>
<context>
    <name>InvitePlan</name>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>Es gibt keine Rolle „%1“.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Invalid address</source>
        <translation>Ungültige Adresse</translation>
    </message>
    <message>
        <source>Unknown role</source>
        <translation>Unbekannte Rolle</translation>
    </message>
    <message>
        <source>Already a member</source>
        <translation>Bereits Mitglied</translation>
    </message>
    <message>
        <source>Already invited</source>
        <translation>Bereits eingeladen</translation>
    </message>
    <message>
        <source>Listed twice</source>
        <translation>Doppelt aufgeführt</translation>
    </message>
    <message>
        <source>Owner requested</source>
        <translation>Owner angefordert</translation>
    </message>
    <message>
        <source>Role not grantable</source>
        <translation>Rolle nicht vergebbar</translation>
    </message>
</context>
<context>
    <name>InvitePlanModel</name>
    <message>
        <source>Base</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>Was geschieht</translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>The system keychain is not available: %1</source>
        <translation>Der System-Schlüsselbund ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>The credential could not be saved in the system keychain: %1</source>
        <translation>Die Zugangsdaten konnten nicht im System-Schlüsselbund gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ListenAddress</name>
    <message>
        <source>--listen takes HOST:PORT, as in 127.0.0.1:8080 or [::1]:8080, not &quot;%1&quot;.</source>
        <translation>--listen erwartet HOST:PORT, etwa 127.0.0.1:8080 oder [::1]:8080, nicht „%1“.</translation>
    </message>
    <message>
        <source>serve speaks plain HTTP, so it listens on loopback only (127.0.0.1 or [::1]), not %1.</source>
        <translation>serve spricht unverschlüsseltes HTTP und lauscht daher nur auf Loopback (127.0.0.1 oder [::1]), nicht auf %1.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Roster</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>User Management</source>
        <translation>Benutzerverwaltung</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden …</translation>
    </message>
    <message>
        <source>Recent &amp;connections</source>
        <translation>&amp;Letzte Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Export members…</source>
        <translation>Mitglieder &amp;exportieren …</translation>
    </message>
    <message>
        <source>Account &amp;settings…</source>
        <translation>&amp;Kontoeinstellungen …</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Benutzer</translation>
    </message>
    <message>
        <source>&amp;Invite user…</source>
        <translation>Benutzer &amp;einladen …</translation>
    </message>
    <message>
        <source>Invite from &amp;file or list…</source>
        <translation>Aus &amp;Datei oder Liste einladen …</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <source>Remove or revoke the selected person</source>
        <translation>Ausgewählte Person entfernen oder ihre Einladung widerrufen</translation>
    </message>
    <message>
        <source>Preview a list of people, then invite the ready ones</source>
        <translation>Eine Liste von Personen prüfen und dann die bereiten einladen</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>&amp;Rollen</translation>
    </message>
    <message>
        <source>&amp;Add role…</source>
        <translation>Rolle &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Roster</source>
        <translation>Ü&amp;ber Roster</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n person(s) to %1.</source>
        <translation>
            <numerusform>%n Person nach %1 exportiert.</numerusform>
            <numerusform>%n Personen nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Create a custom role (Ctrl+Shift+N)</source>
        <translation>Eine benutzerdefinierte Rolle erstellen (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Custom roles</source>
        <translation>Benutzerdefinierte Rollen</translation>
    </message>
    <message>
        <source>Add role…</source>
        <translation>Rolle hinzufügen …</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Created role %1.</source>
        <translation>Rolle %1 erstellt.</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>%1 — Roster</source>
        <translation>%1 — Roster</translation>
    </message>
</context>
<context>
    <name>ManageRolesDialog</name>
    <message>
        <source>Manage roles</source>
        <translation>Rollen verwalten</translation>
    </message>
    <message>
        <source>Roles of &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation>Rollen von &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>Roles of %1</source>
        <translation>Rollen von %1</translation>
    </message>
    <message>
        <source>always included</source>
        <translation>immer enthalten</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Will add: %1.</source>
        <translation>Wird hinzugefügt: %1.</translation>
    </message>
    <message>
        <source>Will remove: %1.</source>
        <translation>Wird entfernt: %1.</translation>
    </message>
    <message>
        <source>No change yet: tick or clear a role.</source>
        <translation>Noch keine Änderung: Rolle an- oder abwählen.</translation>
    </message>
    <message numerus="yes">
        <source>Save %n change(s)</source>
        <translation>
            <numerusform>%n Änderung speichern</numerusform>
            <numerusform>%n Änderungen speichern</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>PeopleExport</name>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>%1 konnte nicht gespeichert werden: %2.</translation>
    </message>
    <message>
        <source>Export members</source>
        <translation>Mitglieder exportieren</translation>
    </message>
    <message>
        <source>CSV, for spreadsheets (*.csv);;JSON (*.json)</source>
        <translation>CSV, für Tabellenkalkulationen (*.csv);;JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>PeopleRows</name>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>Es gibt keine Rolle „%1“.</translation>
    </message>
</context>
<context>
    <name>PermissionHoldersView</name>
    <message>
        <source>Select a permission to see who holds it, and through which role.</source>
        <translation>Wählen Sie eine Berechtigung, um zu sehen, wer sie besitzt und über welche Rolle.</translation>
    </message>
    <message>
        <source>People who hold the selected permission</source>
        <translation>Personen mit der ausgewählten Berechtigung</translation>
    </message>
    <message>
        <source>People who hold %1</source>
        <translation>Personen mit %1</translation>
    </message>
    <message>
        <source>%1 — through %2</source>
        <translation>%1 — über %2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (roster-cli access who %1 lists everyone)</source>
        <translation>
            <numerusform>… und %n weitere (roster-cli access who %1 listet alle auf)</numerusform>
            <numerusform>… und %n weitere (roster-cli access who %1 listet alle auf)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PermissionTreeModel</name>
    <message>
        <source>Included with %1.</source>
        <translation>Enthalten in %1.</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>gewährt</translation>
    </message>
    <message>
        <source>not granted</source>
        <translation>nicht gewährt</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>PersonDetailsPanel</name>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>From roles</source>
        <translation>Aus Rollen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the details</source>
        <translation>Details schließen</translation>
    </message>
    <message>
        <source>Joined %1; created the account.</source>
        <translation>Beigetreten am %1; hat das Konto erstellt.</translation>
    </message>
    <message>
        <source>Joined %1, invited by %2.</source>
        <translation>Beigetreten am %1, eingeladen von %2.</translation>
    </message>
    <message>
        <source>Invited %1 by %2; not joined yet. Below is what accepting will grant.</source>
        <translation>Am %1 von %2 eingeladen; noch nicht beigetreten. Unten steht, was die Annahme gewährt.</translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation>Rollen: %1</translation>
    </message>
    <message>
        <source>%1: from %2</source>
        <translation>%1: aus %2</translation>
    </message>
    <message>
        <source>Permissions of %1</source>
        <translation>Berechtigungen von %1</translation>
    </message>
</context>
<context>
    <name>ReadCommands</name>
    <message>
        <source>%1: no problem found.</source>
        <translation>%1: kein Problem gefunden.</translation>
    </message>
    <message>
        <source>%1 has problems:</source>
        <translation>%1 hat Probleme:</translation>
    </message>
    <message>
        <source>--%1 takes a date (2026-11-30) or a date and time (2026-11-30T14:00, 2026-11-30T14:00:00Z, 2026-11-30T14:00+02:00), not &quot;%2&quot;.</source>
        <translation>--%1 erwartet ein Datum (2026-11-30) oder ein Datum mit Uhrzeit (2026-11-30T14:00, 2026-11-30T14:00:00Z, 2026-11-30T14:00+02:00), nicht „%2“.</translation>
    </message>
    <message>
        <source>WHEN</source>
        <translation>WANN</translation>
    </message>
    <message>
        <source>WHO</source>
        <translation>WER</translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation>AKTION</translation>
    </message>
    <message>
        <source>TARGET</source>
        <translation>ZIEL</translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation>DETAILS</translation>
    </message>
</context>
<context>
    <name>RoleCheckList</name>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>RoleCommands</name>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYP</translation>
    </message>
    <message>
        <source>PERMISSIONS</source>
        <translation>BERECHTIGUNGEN</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>BESCHREIBUNG</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>benutzerdefiniert</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Permissions: %1</source>
        <translation>Berechtigungen: %1</translation>
    </message>
    <message>
        <source>Users (%1):</source>
        <translation>Benutzer (%1):</translation>
    </message>
    <message>
        <source>Pending invitations (%1):</source>
        <translation>Ausstehende Einladungen (%1):</translation>
    </message>
    <message>
        <source>Created role %1 with %2.</source>
        <translation>Rolle %1 mit %2 erstellt.</translation>
    </message>
    <message>
        <source>Updated role %1.</source>
        <translation>Rolle %1 aktualisiert.</translation>
    </message>
    <message>
        <source>Created role %1 as a copy of %2.</source>
        <translation>Rolle %1 als Kopie von %2 erstellt.</translation>
    </message>
    <message>
        <source>Deleted role %1; it was unassigned from %2 members and removed from %3 pending invitations.</source>
        <translation>Rolle %1 gelöscht; sie wurde %2 Mitgliedern entzogen und aus %3 ausstehenden Einladungen entfernt.</translation>
    </message>
</context>
<context>
    <name>RoleDetailsPage</name>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen …</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>Duplizieren …</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Permissions</source>
        <translation>B&amp;erechtigungen</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>Ben&amp;utzer</translation>
    </message>
    <message>
        <source>Permissions of %1</source>
        <translation>Berechtigungen von %1</translation>
    </message>
    <message>
        <source>Add existing member…</source>
        <translation>Vorhandenes Mitglied hinzufügen …</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>Integriert</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Built-in role</source>
        <translation>Integrierte Rolle</translation>
    </message>
    <message>
        <source>Custom role</source>
        <translation>Benutzerdefinierte Rolle</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>Keine Beschreibung.</translation>
    </message>
    <message>
        <source>Change the name and description</source>
        <translation>Name und Beschreibung ändern</translation>
    </message>
    <message>
        <source>Create a new role with the same permissions</source>
        <translation>Eine neue Rolle mit denselben Berechtigungen erstellen</translation>
    </message>
    <message>
        <source>Delete this role</source>
        <translation>Diese Rolle löschen</translation>
    </message>
    <message>
        <source>Give %1 to members who do not have it</source>
        <translation>%1 an Mitglieder vergeben, die sie noch nicht haben</translation>
    </message>
    <message>
        <source>Every member already has the Base role.</source>
        <translation>Jedes Mitglied hat bereits die Rolle Base.</translation>
    </message>
    <message>
        <source>Unsaved changes.</source>
        <translation>Nicht gespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save the changes to the permissions of %1 before leaving?</source>
        <translation>Änderungen an den Berechtigungen von %1 vor dem Verlassen speichern?</translation>
    </message>
    <message>
        <source>Saved the permissions of %1.</source>
        <translation>Berechtigungen von %1 gespeichert.</translation>
    </message>
    <message>
        <source>Saved role %1.</source>
        <translation>Rolle %1 gespeichert.</translation>
    </message>
    <message>
        <source>Created role %1.</source>
        <translation>Rolle %1 erstellt.</translation>
    </message>
    <message>
        <source>Delete the role %1? It will be taken away from %2 and removed from %3.</source>
        <translation>Die Rolle %1 löschen? Die Rolle wird %2 entzogen und aus %3 entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitgliedern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending invitation(s)</source>
        <translation>
            <numerusform>%n ausstehenden Einladung</numerusform>
            <numerusform>%n ausstehenden Einladungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete role</source>
        <translation>Rolle löschen</translation>
    </message>
    <message>
        <source>Deleted role %1.</source>
        <translation>Rolle %1 gelöscht.</translation>
    </message>
    <message numerus="yes">
        <source>Gave %1 to %n member(s).</source>
        <translation>
            <numerusform>%1 an %n Mitglied vergeben.</numerusform>
            <numerusform>%1 an %n Mitglieder vergeben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoleEditorDialog</name>
    <message>
        <source>Add role</source>
        <translation>Rolle hinzufügen</translation>
    </message>
    <message>
        <source>Create role</source>
        <translation>Rolle erstellen</translation>
    </message>
    <message>
        <source>Rename role</source>
        <translation>Rolle umbenennen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Duplicate role</source>
        <translation>Rolle duplizieren</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Role name</source>
        <translation>Rollenname</translation>
    </message>
    <message>
        <source>Role description</source>
        <translation>Rollenbeschreibung</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Permissions of the new role</source>
        <translation>Berechtigungen der neuen Rolle</translation>
    </message>
    <message>
        <source>Permissions that will be copied</source>
        <translation>Berechtigungen, die kopiert werden</translation>
    </message>
    <message>
        <source>The copy gets the same permissions; change them after duplicating.</source>
        <translation>Die Kopie erhält dieselben Berechtigungen; ändern Sie sie nach dem Duplizieren.</translation>
    </message>
    <message>
        <source>&amp;Permissions:</source>
        <translation>Be&amp;rechtigungen:</translation>
    </message>
    <message>
        <source>Permissions to copy:</source>
        <translation>Zu kopierende Berechtigungen:</translation>
    </message>
    <message>
        <source>No permission ticked yet: a role needs at least one.</source>
        <translation>Noch keine Berechtigung gewählt: Eine Rolle braucht mindestens eine.</translation>
    </message>
    <message>
        <source>Will grant: %1</source>
        <translation>Wird vergeben: %1</translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <comment>role editor: action, permissions</comment>
        <translation>%1 mit %2</translation>
    </message>
    <message numerus="yes">
        <source>%n permission(s)</source>
        <translation>
            <numerusform>%n Berechtigung</numerusform>
            <numerusform>%n Berechtigungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>serve needs credentials to accept: set ROSTER_SERVE_API_KEYS and/or ROSTER_SERVE_TOKENS.</source>
        <translation>serve benötigt Zugangsdaten, die es akzeptieren kann: Setzen Sie ROSTER_SERVE_API_KEYS und/oder ROSTER_SERVE_TOKENS.</translation>
    </message>
    <message>
        <source>Serving %1 on %2</source>
        <translation>%1 wird auf %2 bereitgestellt</translation>
    </message>
    <message>
        <source>Account %1: connect with --store cloud:%1 --endpoint %2</source>
        <translation>Konto %1: Verbinden mit --store cloud:%1 --endpoint %2</translation>
    </message>
</context>
<context>
    <name>SqlAccountEngine</name>
    <message>
        <source>No file at %1.</source>
        <translation>Unter %1 gibt es keine Datei.</translation>
    </message>
    <message>
        <source>%1 is not a Roster account file.</source>
        <translation>%1 ist keine Roster-Kontodatei.</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The account file %1 cannot be created.</source>
        <translation>Die Kontodatei %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The account file %1 cannot be opened.</source>
        <translation>Die Kontodatei %1 kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>%1 is not a Roster account file, or it is damaged.</source>
        <translation>%1 ist keine Roster-Kontodatei oder ist beschädigt.</translation>
    </message>
    <message>
        <source>The account file %1 cannot be used; it may be damaged.</source>
        <translation>Die Kontodatei %1 kann nicht verwendet werden; sie ist möglicherweise beschädigt.</translation>
    </message>
    <message>
        <source>PostgreSQL support is not installed (Qt&apos;s QPSQL driver is missing).</source>
        <translation>Die PostgreSQL-Unterstützung ist nicht installiert (der QPSQL-Treiber von Qt fehlt).</translation>
    </message>
    <message>
        <source>The PostgreSQL database %1 cannot be reached.</source>
        <translation>Die PostgreSQL-Datenbank %1 ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>This store is not an SQL database.</source>
        <translation>Dieser Speicher ist keine SQL-Datenbank.</translation>
    </message>
    <message>
        <source>%1 is not a Roster account store, or it is damaged.</source>
        <translation>%1 ist kein Roster-Kontospeicher oder ist beschädigt.</translation>
    </message>
    <message>
        <source>The account store was written by a newer Roster (schema %1); this version understands schema %2. It was left as it was.</source>
        <translation>Der Kontospeicher wurde von einer neueren Roster-Version geschrieben (Schema %1); diese Version versteht Schema %2. Er wurde unverändert gelassen.</translation>
    </message>
    <message>
        <source>The account file %1 cannot be written.</source>
        <translation>Die Kontodatei %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The account file %1 is read-only here; it can be read, but nothing was changed.</source>
        <translation>Die Kontodatei %1 ist hier schreibgeschützt; sie kann gelesen werden, aber es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The account database could not complete the operation; nothing was changed.</source>
        <translation>Die Kontodatenbank konnte den Vorgang nicht abschließen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The store file is damaged (%1); nothing was changed. `roster-cli check` tells more.</source>
        <translation>Die Speicherdatei ist beschädigt (%1); es wurde nichts geändert. `roster-cli check` liefert Näheres.</translation>
    </message>
    <message>
        <source>The store holds no Roster account.</source>
        <translation>Der Speicher enthält kein Roster-Konto.</translation>
    </message>
    <message>
        <source>The account has %1 Owners instead of one.</source>
        <translation>Das Konto hat %1 Eigentümer statt einem.</translation>
    </message>
    <message>
        <source>This store holds no account yet; create one with `roster-cli init`.</source>
        <translation>Dieser Speicher enthält noch kein Konto; erstellen Sie eines mit `roster-cli init`.</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mein Konto</translation>
    </message>
    <message>
        <source>This store already holds an account.</source>
        <translation>Dieser Speicher enthält bereits ein Konto.</translation>
    </message>
    <message>
        <source>This account has no Owner, so the store is damaged; nothing was changed.</source>
        <translation>Dieses Konto hat keinen Eigentümer, der Speicher ist also beschädigt; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>%1 is not an active member of this account, so Roster cannot act as them.</source>
        <translation>%1 ist kein aktives Mitglied dieses Kontos, daher kann Roster nicht in dessen Namen handeln.</translation>
    </message>
    <message>
        <source>The store file is damaged (%1). `roster-cli check` tells more.</source>
        <translation>Die Speicherdatei ist beschädigt (%1). `roster-cli check` liefert Näheres.</translation>
    </message>
    <message>
        <source>The account database could not be read.</source>
        <translation>Die Kontodatenbank konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The account database is not open.</source>
        <translation>Die Kontodatenbank ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>The account database is busy or unavailable; nothing was changed.</source>
        <translation>Die Kontodatenbank ist ausgelastet oder nicht verfügbar; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The change could not be saved; nothing was changed.</source>
        <translation>Die Änderung konnte nicht gespeichert werden; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Someone else made a conflicting change at the same moment; nothing was changed. Reload and try again.</source>
        <translation>Jemand anderes hat im selben Moment eine widersprüchliche Änderung vorgenommen; es wurde nichts geändert. Laden Sie neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Other admins are changing the account right now; nothing was changed. Try again.</source>
        <translation>Andere Administratoren ändern gerade das Konto; es wurde nichts geändert. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The account database is busy or unavailable.</source>
        <translation>Die Kontodatenbank ist ausgelastet oder nicht verfügbar.</translation>
    </message>
    <message>
        <source>The account database could not be read; try again.</source>
        <translation>Die Kontodatenbank konnte nicht gelesen werden; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 was invited by another admin a moment ago.</source>
        <translation>%1 wurde gerade eben von einem anderen Administrator eingeladen.</translation>
    </message>
    <message>
        <source>Another admin invited one of these addresses a moment ago, so none was sent; try again to see which.</source>
        <translation>Ein anderer Administrator hat gerade eben eine dieser Adressen eingeladen, daher wurde keine Einladung gesendet; versuchen Sie es erneut, um zu sehen, welche.</translation>
    </message>
    <message>
        <source>There is no invitation for %1.</source>
        <translation>Es gibt keine Einladung für %1.</translation>
    </message>
    <message>
        <source>%1 joined the account a moment ago.</source>
        <translation>%1 ist gerade eben dem Konto beigetreten.</translation>
    </message>
    <message>
        <source>%1 is not a member of this account.</source>
        <translation>%1 ist kein Mitglied dieses Kontos.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>Es gibt keine Rolle „%1“.</translation>
    </message>
    <message>
        <source>A role named &quot;%1&quot; was created by another admin a moment ago.</source>
        <translation>Eine Rolle namens „%1“ wurde gerade eben von einem anderen Administrator erstellt.</translation>
    </message>
    <message>
        <source>seed-demo counts cannot be negative.</source>
        <translation>Die Anzahlen für seed-demo dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <source>Demo account</source>
        <translation>Demokonto</translation>
    </message>
    <message>
        <source>seed-demo fills a new account only; this one already has members, invitations or roles.</source>
        <translation>seed-demo füllt nur ein neues Konto; dieses hat bereits Mitglieder, Einladungen oder Rollen.</translation>
    </message>
</context>
<context>
    <name>SqlSchema</name>
    <message>
        <source>The account database could not be upgraded; it was left as it was.</source>
        <translation>Die Kontodatenbank konnte nicht aktualisiert werden; sie wurde unverändert gelassen.</translation>
    </message>
    <message>
        <source>The account database was written by a newer Roster (schema %1); this version understands schema %2.</source>
        <translation>Die Kontodatenbank wurde von einer neueren Roster-Version geschrieben (Schema %1); diese Version versteht Schema %2.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Manage the members, roles and invitations of a Qdrant Cloud account.</source>
        <translation>Die Mitglieder, Rollen und Einladungen eines Qdrant-Cloud-Kontos verwalten.</translation>
    </message>
    <message>
        <source>Which backend to open (sqlite:PATH, postgresql://…, cloud:ACCOUNT_ID).</source>
        <translation>Welcher Datenspeicher geöffnet werden soll (sqlite:PATH, postgresql://…, cloud:ACCOUNT_ID).</translation>
    </message>
    <message>
        <source>Local stores: act as this member (default: the Owner).</source>
        <translation>Lokale Speicher: als dieses Mitglied handeln (Standard: der Eigentümer).</translation>
    </message>
    <message>
        <source>Cloud stores: the API base URL (default https://api.cloud.qdrant.io, or $QDRANT_CLOUD_ENDPOINT).</source>
        <translation>Cloud-Speicher: die Basis-URL der API (Standard: https://api.cloud.qdrant.io oder $QDRANT_CLOUD_ENDPOINT).</translation>
    </message>
    <message>
        <source>Fill a new store with demo data, to see every state at once.</source>
        <translation>Einen neuen Speicher mit Demodaten füllen, um alle Zustände auf einmal zu sehen.</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>--actor needs an email address.</source>
        <translation>--actor benötigt eine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>No account was created, so Roster has nothing to show and closes. Start it again when you are ready to name the account&apos;s Owner.</source>
        <translation>Es wurde kein Konto erstellt, daher hat Roster nichts anzuzeigen und wird beendet. Starten Sie es erneut, wenn Sie bereit sind, den Eigentümer des Kontos festzulegen.</translation>
    </message>
    <message>
        <source>The language of the console, e.g. de or en (default: the system&apos;s).</source>
        <translation>Die Sprache der Oberfläche, z. B. de oder en (Vorgabe: die des Systems).</translation>
    </message>
</context>
<context>
    <name>StoreFactory</name>
    <message>
        <source>No Qdrant Cloud credential: set QDRANT_CLOUD_TOKEN (a signed-in user&apos;s token) or QDRANT_CLOUD_API_KEY (a management key), or connect once from the console and tick Remember.</source>
        <translation>Keine Zugangsdaten für Qdrant Cloud: Setzen Sie QDRANT_CLOUD_TOKEN (das Token eines angemeldeten Benutzers) oder QDRANT_CLOUD_API_KEY (einen Verwaltungsschlüssel), oder verbinden Sie sich einmal über die grafische Oberfläche und aktivieren Sie „Zugangsdaten im System-Schlüsselbund speichern“.</translation>
    </message>
    <message>
        <source>--actor applies to local stores only; the cloud credentials say who you are.</source>
        <translation>--actor gilt nur für lokale Speicher; in der Cloud bestimmen die Zugangsdaten, wer Sie sind.</translation>
    </message>
    <message>
        <source>Qdrant Cloud accounts are created on cloud.qdrant.io, not here.</source>
        <translation>Qdrant-Cloud-Konten werden auf cloud.qdrant.io erstellt, nicht hier.</translation>
    </message>
</context>
<context>
    <name>StoreUrl</name>
    <message>
        <source>&quot;%1&quot; is not a file path: write sqlite:/path/to/roster.db or sqlite:///path/to/roster.db (or sqlite:relative/path.db).</source>
        <translation>„%1“ ist kein Dateipfad: Schreiben Sie sqlite:/path/to/roster.db oder sqlite:///path/to/roster.db (oder sqlite:relative/path.db).</translation>
    </message>
    <message>
        <source>The store URL sqlite: needs a file path, as in sqlite:/path/to/roster.db.</source>
        <translation>Die Speicher-URL sqlite: benötigt einen Dateipfad, etwa sqlite:/path/to/roster.db.</translation>
    </message>
    <message>
        <source>A PostgreSQL store URL looks like postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME.</source>
        <translation>Eine PostgreSQL-Speicher-URL sieht so aus: postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME.</translation>
    </message>
    <message>
        <source>The store URL cloud: needs an account id, as in cloud:ACCOUNT_ID.</source>
        <translation>Die Speicher-URL cloud: benötigt eine Konto-ID, etwa cloud:ACCOUNT_ID.</translation>
    </message>
    <message>
        <source>Unknown store URL &quot;%1&quot;: use sqlite:PATH, postgresql://… or cloud:ACCOUNT_ID.</source>
        <translation>Unbekannte Speicher-URL „%1“: Verwenden Sie sqlite:PATH, postgresql://… oder cloud:ACCOUNT_ID.</translation>
    </message>
</context>
<context>
    <name>TransferCommands</name>
    <message>
        <source>export members needs --format csv or --format json.</source>
        <translation>export members benötigt --format csv oder --format json.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 holds no addresses to invite.</source>
        <translation>%1 enthält keine einzuladenden Adressen.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Invited %n people from %1.</source>
        <translation>
            <numerusform>%n Person aus %1 eingeladen.</numerusform>
            <numerusform>%n Personen aus %1 eingeladen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n already a member or invited.</source>
        <translation>
            <numerusform>%n übersprungen, da bereits Mitglied oder eingeladen.</numerusform>
            <numerusform>%n übersprungen, da bereits Mitglieder oder eingeladen.</numerusform>
        </translation>
    </message>
    <message>
        <source>LINE</source>
        <translation>ZEILE</translation>
    </message>
    <message>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation>ROLLEN</translation>
    </message>
    <message>
        <source>OUTCOME</source>
        <translation>ERGEBNIS</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>GRUND</translation>
    </message>
    <message>
        <source>Nothing was sent (--dry-run). %1</source>
        <translation>Nichts gesendet (--dry-run). %1</translation>
    </message>
</context>
<context>
    <name>UserActions</name>
    <message>
        <source>Manage roles…</source>
        <translation>Rollen verwalten …</translation>
    </message>
    <message>
        <source>Remove role from user…</source>
        <translation>Rolle vom Benutzer entfernen …</translation>
    </message>
    <message>
        <source>Remove from account…</source>
        <translation>Aus dem Konto entfernen …</translation>
    </message>
    <message>
        <source>Revoke invitation…</source>
        <translation>Einladung widerrufen …</translation>
    </message>
    <message>
        <source>Resend invitation…</source>
        <translation>Einladung erneut senden …</translation>
    </message>
    <message>
        <source>Copy email</source>
        <translation>E-Mail-Adresse kopieren</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Details …</translation>
    </message>
    <message>
        <source>Roles, and each permission with the roles that grant it</source>
        <translation>Rollen und jede Berechtigung mit den Rollen, die sie gewähren</translation>
    </message>
    <message>
        <source>Open actions menu</source>
        <translation>Aktionsmenü öffnen</translation>
    </message>
    <message>
        <source>Cancel this invitation</source>
        <translation>Diese Einladung zurückziehen</translation>
    </message>
    <message>
        <source>Send the invitation to %1 again</source>
        <translation>Die Einladung erneut an %1 senden</translation>
    </message>
    <message>
        <source>Choose the roles of %1</source>
        <translation>Die Rollen von %1 auswählen</translation>
    </message>
    <message>
        <source>Remove %1 from the account</source>
        <translation>%1 aus dem Konto entfernen</translation>
    </message>
    <message>
        <source>Take the %1 role away from %2</source>
        <translation>%2 die Rolle %1 entziehen</translation>
    </message>
    <message numerus="yes">
        <source>Actions for %n selected people</source>
        <translation>
            <numerusform>Aktionen für %n ausgewählte Person</numerusform>
            <numerusform>Aktionen für %n ausgewählte Personen</numerusform>
        </translation>
    </message>
    <message>
        <source>Actions for %1</source>
        <translation>Aktionen für %1</translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <source>Roles of %1: %2.</source>
        <translation>Rollen von %1: %2.</translation>
    </message>
    <message>
        <source>Send the invitation for %1 again? It is renewed for its full lifetime.</source>
        <translation>Die Einladung für %1 erneut senden? Danach gilt sie wieder für die volle Gültigkeitsdauer.</translation>
    </message>
    <message>
        <source>Send the invitation for %1 again? Qdrant Cloud has no resend: the invitation is revoked and sent again with the same roles.</source>
        <translation>Die Einladung für %1 erneut senden? Qdrant Cloud kennt kein erneutes Senden: Die Einladung wird widerrufen und mit denselben Rollen neu gesendet.</translation>
    </message>
    <message>
        <source>Resend invitation</source>
        <translation>Einladung erneut senden</translation>
    </message>
    <message>
        <source>Sent the invitation for %1 again.</source>
        <translation>Die Einladung für %1 wurde erneut gesendet.</translation>
    </message>
    <message>
        <source>Remove from account</source>
        <translation>Aus dem Konto entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from the account? They lose access at once and must be invited again to return.</source>
        <translation>%1 aus dem Konto entfernen? Die Person verliert sofort den Zugriff und muss erneut eingeladen werden, um zurückzukehren.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Removed %1 from the account.</source>
        <translation>%1 wurde aus dem Konto entfernt.</translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation>Einladung widerrufen</translation>
    </message>
    <message>
        <source>Revoke the invitation for %1? The link in their email stops working.</source>
        <translation>Die Einladung für %1 widerrufen? Der Link in der E-Mail funktioniert dann nicht mehr.</translation>
    </message>
    <message>
        <source>Revoked the invitation for %1.</source>
        <translation>Die Einladung für %1 wurde widerrufen.</translation>
    </message>
    <message>
        <source>Remove role</source>
        <translation>Rolle entfernen</translation>
    </message>
    <message>
        <source>Remove the %1 role from %2? They keep their other roles and stay in the account.</source>
        <translation>Die Rolle %1 von %2 entfernen? Die übrigen Rollen bleiben erhalten, und die Person bleibt im Konto.</translation>
    </message>
    <message>
        <source>Removed the %1 role from %2.</source>
        <translation>Die Rolle %1 wurde von %2 entfernt.</translation>
    </message>
    <message>
        <source>Copied %1.</source>
        <translation>%1 kopiert.</translation>
    </message>
</context>
<context>
    <name>UserColumns</name>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
</context>
<context>
    <name>UserCommands</name>
    <message>
        <source>EMAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>ROLES</source>
        <translation>ROLLEN</translation>
    </message>
    <message>
        <source>INVITED BY</source>
        <translation>EINGELADEN VON</translation>
    </message>
    <message>
        <source>DATE</source>
        <translation>DATUM</translation>
    </message>
    <message>
        <source>Changed the roles of %1.</source>
        <translation>Die Rollen von %1 wurden geändert.</translation>
    </message>
    <message>
        <source>%1 now has: %2.</source>
        <translation>%1 hat jetzt: %2.</translation>
    </message>
    <message>
        <source>Removed %1 from the account.</source>
        <translation>%1 wurde aus dem Konto entfernt.</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Expired invite</source>
        <translation>Einladung abgelaufen</translation>
    </message>
    <message>
        <source>Pending invite</source>
        <translation>Einladung ausstehend</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Expired %1; resend it to renew it</source>
        <translation>Abgelaufen am %1; zum Verlängern erneut senden</translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation>Läuft am %1 ab</translation>
    </message>
    <message>
        <source>Invited %1</source>
        <translation>Eingeladen am %1</translation>
    </message>
    <message>
        <source>Joined %1</source>
        <translation>Beigetreten am %1</translation>
    </message>
    <message>
        <source>Actions for %1</source>
        <translation>Aktionen für %1</translation>
    </message>
    <message>
        <source>When a member joined, or when a pending invitation was sent</source>
        <translation>Wann ein Mitglied beigetreten ist oder wann eine ausstehende Einladung gesendet wurde</translation>
    </message>
    <message>
        <source>Invitations on this backend do not expire</source>
        <translation>Einladungen laufen bei diesem Datenspeicher nicht ab</translation>
    </message>
    <message>
        <source>When a pending invitation stops being acceptable; resending renews it</source>
        <translation>Wann eine ausstehende Einladung nicht mehr angenommen werden kann; erneutes Senden verlängert sie</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Invited by</source>
        <translation>Eingeladen von</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Ablauf</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <source>&amp;Invite user…</source>
        <translation>Benutzer &amp;einladen …</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>Benutzer suchen</translation>
    </message>
    <message>
        <source>Search by email</source>
        <translation>Nach E-Mail suchen</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>Nach Status filtern</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Invite user</source>
        <translation>Benutzer einladen</translation>
    </message>
    <message>
        <source>Invite user…</source>
        <translation>Benutzer einladen …</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>Filter by role</source>
        <translation>Nach Rolle filtern</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>Ro&amp;lle:</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Invite people to the account (Ctrl+I)</source>
        <translation>Personen zum Konto einladen (Strg+I)</translation>
    </message>
    <message>
        <source>Pending invitations are hidden: %1</source>
        <translation>Ausstehende Einladungen sind ausgeblendet: %1</translation>
    </message>
    <message>
        <source>Users in %1</source>
        <translation>Benutzer in %1</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Alle Rollen</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n Person</numerusform>
            <numerusform>%n Personen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitglieder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expired</source>
        <translation>
            <numerusform>%n abgelaufen</numerusform>
            <numerusform>%n abgelaufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown of %1</source>
        <translation>
            <numerusform>%n angezeigt von %1</numerusform>
            <numerusform>%n angezeigt von %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählt</numerusform>
            <numerusform>%n ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>No one matches “%1”.</source>
        <translation>Niemand entspricht „%1“.</translation>
    </message>
    <message>
        <source>No one matches these filters.</source>
        <translation>Niemand entspricht diesen Filtern.</translation>
    </message>
    <message>
        <source>No one has %1 yet.</source>
        <translation>Noch niemand hat %1.</translation>
    </message>
    <message>
        <source>Invitation sent to %1.</source>
        <translation>Einladung an %1 gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>Invitations sent to %n people.</source>
        <translation>
            <numerusform>Einladung an %n Person gesendet.</numerusform>
            <numerusform>Einladungen an %n Personen gesendet.</numerusform>
        </translation>
    </message>
</context>
</TS>
