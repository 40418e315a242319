// The store contract suite: the same cases run against every backend through StoreFixture.
#pragma once

#include "storefixture.h"

#include <QObject>

class StoreContract : public QObject
{
    Q_OBJECT

public:
    explicit StoreContract(StoreFixture* fixture)
        : m_fixture(fixture)
    {
    }

private Q_SLOTS:
    void init();

    void snapshotHasSystemRolesAndOneOwner();
    void inviteCreatesPendingInviteWithoutBase();
    void inviteRefusesInvalidEmail_data();
    void inviteRefusesInvalidEmail();
    void inviteBatchWithOneBadAddressInvitesNoOne();
    void inviteRefusesActiveMember();
    void inviteRefusesSecondPendingInviteCaseInsensitively();
    void inviteRefusesOwnerRole();
    void inviteRefusesUnknownRole();
    void revokeCancelsPendingInvite();
    void revokeRefusesNonPendingInvite();
    void acceptMakesMemberWithBaseAndInviteRoles();
    void acceptRefusesNonPendingInvite();
    void acceptSkipsRolesDeletedMeanwhile();
    void onlyTheInviteeAnswers();
    void rejectClosesPendingInvite();
    void rejectRefusesNonPendingInvite();
    void removeMemberRemovesActiveMember();
    void removeMemberRefusesPendingInvite();
    void removeMemberRefusesOwner();
    void removeMemberRefusesSelf();
    void updateRolesAddsAndRemovesAtomically();
    void updateRolesRefusesEmptyChange();
    void updateRolesRoleInBothListsEndsRemoved();
    void updateRolesAddingHeldRoleIsNoOp();
    void updateRolesRefusesBaseRemoval();
    void updateRolesRefusesOwnerChanges();
    void createRoleAddsImpliedReads();
    void createRoleRefusesInvalidDraft_data();
    void createRoleRefusesInvalidDraft();
    void createRoleRefusesTakenNameCaseInsensitively();
    void systemRolesAreImmutable();
    void updateRoleRenamesAndChangesPermissions();
    void duplicateRoleCopiesUnderNewName();
    void duplicateRoleRefusesTakenName();
    void deleteRoleCleansMembersAndInvites();
    void effectivePermissionsAreTheUnionOfRoles();
    void actorWithoutPermissionIsRefused_data();
    void actorWithoutPermissionIsRefused();
    void actorWithPermissionIsAllowed();
    void auditLogRecordsMutations();
    void auditQueriesFilterAlike();
    void unknownIdsAreNotFound();

    // Bulk changes (storecontract_bulk.cpp): all or nothing on local stores, person by person on the cloud.
    void bulkRemoveRemovesEveryone();
    void bulkRemoveWithRefusedPeople();
    void bulkRevokeRevokesPendingInvites();
    void bulkRevokeWithAMember();
    void bulkChangeRolesGivesARoleToEveryone();
    void bulkChangeRolesGivesAndTakesAtOnce();
    void bulkRevokeAndResendManyAtOnce();
    void bulkChangeRolesWithTheOwner();
    void resendRenewsOrRecreatesTheInvitation();
    void resendRefusesAMemberAndAClosedInvitation();
    void bulkCancelledBeforeStartingSendsNothingOnTheCloud();
    void batchedInvitationsKeepEveryCharacter();
    void bulkRemoveTakesIdsAndAddressesAlike();
    // storecontract_access.cpp
    void accessExplorerNamesEveryGrantingRole();
    void cloudJournalRecordsOutcomes();
    // storecontract_expiry.cpp
    void invitesExpireAfterTheLifetime();
    void resendRenewsAnExpiredInvite();
    void changingTheLifetimeReevaluatesInvites();
    // storecontract_listing.cpp
    void streamedListingMatchesTheLoadedAccount();
    void streamedListingRefusesBeforeTheFirstRow();

private:
    QString addMember(const QString& email, const QStringList& roles = {});
    QString roleId(const QString& name);

    StoreFixture* m_fixture;
    std::unique_ptr<AccountStore> m_owner;
};

// Runs the suite over one fixture and returns QTest's exit code.
int runStoreContract(StoreFixture* fixture, int argc, char** argv);
